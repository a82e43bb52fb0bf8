import QRCode from 'qrcode';
import { isAdmin } from '../../../shared/permissions.ts';
import type { FactorProofBody, RecoveryCodes, SecondFactorPolicy, SecondFactorStatus, SecondStepMethods, TotpSetup } from '../../../shared/schemas/second-factors.ts';
import { AppError } from '../../lib/errors.ts';
import type { EventBus } from '../../lib/event-bus.ts';
import type { Actor } from '../auth/actor.ts';
import type { SecondFactors } from '../auth/second-factors.ts';
import type { AuthService } from '../auth/service.ts';
import type { StepUp } from '../auth/step-up.ts';
import type { UsersRepository } from '../users/repository.ts';
import { checkTotp, newRecoveryCodes, newTotpSecret, otpauthUrl, recoveryCodeHash } from './codes.ts';
import type { StaffPolicy } from './staff.ts';
import type { SecondFactorsRepository } from './repository.ts';

export const TOTP_ISSUER = 'Minga';

/**
 * Authenticator codes and recovery codes: set up (a pending secret, on once a code from it is
 * confirmed), turn off (a fresh factor, never the password alone), new recovery codes; and the
 * staff requirement. Turning a factor on or off signs out the account's other browsers, like a
 * new password, and the member is told by mail (`second-factor.changed`).
 */
export function createSecondFactorsService(deps: {
  repo: SecondFactorsRepository;
  factors: SecondFactors;
  stepUp: StepUp;
  auth: Pick<AuthService, 'revokeOtherSessions' | 'attempts' | 'openChallenge'>;
  users: Pick<UsersRepository, 'findById'>;
  staff: StaffPolicy;
  bus: EventBus;
}) {
  const { repo, factors, stepUp, auth, staff, bus } = deps;

  function requireSession(actor: Actor | null, sessionId: string | null): asserts actor is Actor {
    if (!actor) throw new AppError('UNAUTHENTICATED');
    if (!sessionId) throw new AppError('SESSION_REQUIRED');
  }

  /** Ten new codes, stored hashed; the plain ones are shown once. */
  function freshCodes(userId: number): { plain: string[]; hashes: string[] } {
    const plain = newRecoveryCodes();
    return { plain, hashes: plain.map((code) => recoveryCodeHash(userId, code)) };
  }

  async function changed(actor: Actor, sessionId: string | null, enabled: boolean): Promise<void> {
    await auth.revokeOtherSessions(actor, sessionId);
    await bus.publish('second-factor.changed', { userId: actor.id, kind: 'totp', enabled });
  }

  return {
    async status(actor: Actor | null): Promise<SecondFactorStatus> {
      if (!actor) throw new AppError('UNAUTHENTICATED');
      return {
        totp: await repo.totpEnabled(actor.id),
        recoveryCodesLeft: await repo.recoveryCodesLeft(actor.id),
        required: await staff.requires(actor.id, actor.role),
        kinds: await factors.kindsFor(actor.id),
      };
    },

    /** What the member's own view (`CurrentUser.secondFactor`) says. */
    async summary(userId: number, role: Actor['role']): Promise<{ enabled: boolean; required: boolean }> {
      return { enabled: await factors.has(userId), required: await staff.requires(userId, role) };
    },

    /** Staff asked to have a factor and without one: only reading, signing out and setting one up. */
    async mustSetUp(actor: Actor): Promise<boolean> {
      return (await staff.requires(actor.id, actor.role)) && !(await factors.has(actor.id));
    },

    async startTotp(actor: Actor | null, sessionId: string | null): Promise<TotpSetup> {
      requireSession(actor, sessionId);
      const secret = newTotpSecret();
      if (!(await repo.savePending(actor.id, secret))) throw new AppError('TOTP_ALREADY_ENABLED');
      const url = otpauthUrl(TOTP_ISSUER, actor.username, secret);
      const qrSvg = await QRCode.toString(url, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
      return { secret, otpauthUrl: url, qrSvg };
    },

    /** The first right code turns it on; a wrong one is a failed sign-in (the same count per address). */
    async confirmTotp(actor: Actor | null, sessionId: string | null, code: string): Promise<RecoveryCodes> {
      requireSession(actor, sessionId);
      const pending = await repo.totpOf(actor.id);
      if (!pending || pending.confirmedAt) throw new AppError(pending ? 'TOTP_ALREADY_ENABLED' : 'TOTP_NOT_PENDING');
      await auth.attempts.check(actor.address);
      const step = checkTotp(pending.secret, code, null);
      if (step === null) {
        await auth.attempts.fail(actor.address);
        throw new AppError('INVALID_SECOND_FACTOR', { field: 'code' });
      }
      const codes = freshCodes(actor.id);
      if (!(await repo.confirm(actor.id, step, codes.hashes))) throw new AppError('TOTP_ALREADY_ENABLED');
      await changed(actor, sessionId, true);
      return { recoveryCodes: codes.plain };
    },

    /**
     * "Disabling a factor needs a fresh factor": a current code (authenticator or recovery) or a
     * passkey. Recovery codes go too when no other factor is left.
     */
    async disableTotp(actor: Actor | null, sessionId: string | null, proof: FactorProofBody): Promise<void> {
      requireSession(actor, sessionId);
      if (!proof.code && !proof.passkey) throw new AppError('FRESH_FACTOR_REQUIRED', { field: 'code' });
      if (!(await repo.totpEnabled(actor.id))) throw new AppError('TOTP_NOT_ENABLED');
      await stepUp.confirm(actor, sessionId, { code: proof.code, passkey: proof.passkey });
      await repo.deleteTotp(actor.id);
      if (!(await factors.has(actor.id))) await repo.deleteRecoveryCodes(actor.id);
      await changed(actor, sessionId, false);
    },

    /** New codes, the old ones void; confirmed like any sensitive change (password, code or passkey). */
    async regenerateRecoveryCodes(actor: Actor | null, sessionId: string | null, proof: FactorProofBody): Promise<RecoveryCodes> {
      requireSession(actor, sessionId);
      if (!(await factors.has(actor.id))) throw new AppError('NO_SECOND_FACTOR');
      await stepUp.confirm(actor, sessionId, proof);
      const codes = freshCodes(actor.id);
      await repo.replaceRecoveryCodes(actor.id, codes.hashes);
      return { recoveryCodes: codes.plain };
    },

    /** The open half-done sign-in's kinds (the second step opened after a redirect). */
    async secondStepMethods(secret: string | undefined): Promise<SecondStepMethods> {
      const open = await auth.openChallenge(secret);
      if (!open) throw new AppError('LOGIN_EXPIRED');
      return { methods: await factors.kindsFor(open.userId) };
    },

    async policy(actor: Actor | null): Promise<SecondFactorPolicy> {
      requireAdmin(actor);
      return { requiredForStaff: await staff.requiredForStaff() };
    },

    async setPolicy(actor: Actor | null, value: SecondFactorPolicy): Promise<SecondFactorPolicy> {
      requireAdmin(actor);
      const before = await staff.requiredForStaff();
      await staff.setRequiredForStaff(value.requiredForStaff);
      // Who required (or stopped requiring) a second factor for staff, in the audit log.
      if (before !== value.requiredForStaff) {
        await bus.publish('audit.action', {
          actorId: actor!.id,
          action: value.requiredForStaff ? 'second_factor_policy.require' : 'second_factor_policy.relax',
          communityId: null,
          targetType: 'site',
          targetId: 0,
          reason: null,
        });
      }
      return { requiredForStaff: await staff.requiredForStaff() };
    },

    /** An erased account: its secret and codes. */
    async erase(userId: number): Promise<void> {
      await repo.deleteAllFor(userId);
    },
  };
}

function requireAdmin(actor: Actor | null): asserts actor is Actor {
  if (!actor) throw new AppError('UNAUTHENTICATED');
  if (!isAdmin(actor)) throw new AppError('FORBIDDEN');
}

export type SecondFactorsService = ReturnType<typeof createSecondFactorsService>;
