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

  function changed(actor: Actor, sessionId: string | null, enabled: boolean): void {
    auth.revokeOtherSessions(actor, sessionId);
    bus.publish('second-factor.changed', { userId: actor.id, kind: 'totp', enabled });
  }

  return {
    status(actor: Actor | null): SecondFactorStatus {
      if (!actor) throw new AppError('UNAUTHENTICATED');
      return {
        totp: repo.totpEnabled(actor.id),
        recoveryCodesLeft: repo.recoveryCodesLeft(actor.id),
        required: staff.requires(actor.id, actor.role),
        kinds: factors.kindsFor(actor.id),
      };
    },

    /** What the member's own view (`CurrentUser.secondFactor`) says. */
    summary(userId: number, role: Actor['role']): { enabled: boolean; required: boolean } {
      return { enabled: factors.has(userId), required: staff.requires(userId, role) };
    },

    /** Staff asked to have a factor and without one: only reading, signing out and setting one up. */
    mustSetUp(actor: Actor): boolean {
      return staff.requires(actor.id, actor.role) && !factors.has(actor.id);
    },

    async startTotp(actor: Actor | null, sessionId: string | null): Promise<TotpSetup> {
      requireSession(actor, sessionId);
      const secret = newTotpSecret();
      if (!repo.savePending(actor.id, secret)) throw new AppError('TOTP_ALREADY_ENABLED');
      const url = otpauthUrl(TOTP_ISSUER, actor.username, secret);
      const qrSvg = await QRCode.toString(url, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
      return { secret, otpauthUrl: url, qrSvg };
    },

    /** The first right code turns it on; a wrong one is a failed sign-in (the same count per address). */
    async confirmTotp(actor: Actor | null, sessionId: string | null, code: string): Promise<RecoveryCodes> {
      requireSession(actor, sessionId);
      const pending = repo.totpOf(actor.id);
      if (!pending || pending.confirmedAt) throw new AppError(pending ? 'TOTP_ALREADY_ENABLED' : 'TOTP_NOT_PENDING');
      auth.attempts.check(actor.address);
      const step = checkTotp(pending.secret, code, null);
      if (step === null) {
        auth.attempts.fail(actor.address);
        throw new AppError('INVALID_SECOND_FACTOR', { field: 'code' });
      }
      const codes = freshCodes(actor.id);
      if (!repo.confirm(actor.id, step, codes.hashes)) throw new AppError('TOTP_ALREADY_ENABLED');
      changed(actor, sessionId, true);
      return { recoveryCodes: codes.plain };
    },

    /**
     * "Disabling a factor needs a fresh factor": a current code (authenticator or recovery) or a
     * passkey. Recovery codes go too when no other factor is left.
     */
    async disableTotp(actor: Actor | null, sessionId: string | null, proof: FactorProofBody): Promise<void> {
      requireSession(actor, sessionId);
      if (!proof.code && !proof.passkey) throw new AppError('FRESH_FACTOR_REQUIRED', { field: 'code' });
      if (!repo.totpEnabled(actor.id)) throw new AppError('TOTP_NOT_ENABLED');
      await stepUp.confirm(actor, sessionId, { code: proof.code, passkey: proof.passkey });
      repo.deleteTotp(actor.id);
      if (!factors.has(actor.id)) repo.deleteRecoveryCodes(actor.id);
      changed(actor, sessionId, false);
    },

    /** New codes, the old ones void; confirmed like any sensitive change (password, code or passkey). */
    async regenerateRecoveryCodes(actor: Actor | null, sessionId: string | null, proof: FactorProofBody): Promise<RecoveryCodes> {
      requireSession(actor, sessionId);
      if (!factors.has(actor.id)) throw new AppError('NO_SECOND_FACTOR');
      await stepUp.confirm(actor, sessionId, proof);
      const codes = freshCodes(actor.id);
      repo.replaceRecoveryCodes(actor.id, codes.hashes);
      return { recoveryCodes: codes.plain };
    },

    /** The open half-done sign-in's kinds (the second step opened after a redirect). */
    secondStepMethods(secret: string | undefined): SecondStepMethods {
      const open = auth.openChallenge(secret);
      if (!open) throw new AppError('LOGIN_EXPIRED');
      return { methods: factors.kindsFor(open.userId) };
    },

    policy(actor: Actor | null): SecondFactorPolicy {
      requireAdmin(actor);
      return { requiredForStaff: staff.requiredForStaff() };
    },

    setPolicy(actor: Actor | null, value: SecondFactorPolicy): SecondFactorPolicy {
      requireAdmin(actor);
      const before = staff.requiredForStaff();
      staff.setRequiredForStaff(value.requiredForStaff);
      // Who required (or stopped requiring) a second factor for staff, in the audit log.
      if (before !== value.requiredForStaff) {
        bus.publish('audit.action', {
          actorId: actor!.id,
          action: value.requiredForStaff ? 'second_factor_policy.require' : 'second_factor_policy.relax',
          communityId: null,
          targetType: 'site',
          targetId: 0,
          reason: null,
        });
      }
      return { requiredForStaff: staff.requiredForStaff() };
    },

    /** An erased account: its secret and codes. */
    erase(userId: number): void {
      repo.deleteAllFor(userId);
    },
  };
}

function requireAdmin(actor: Actor | null): asserts actor is Actor {
  if (!actor) throw new AppError('UNAUTHENTICATED');
  if (!isAdmin(actor)) throw new AppError('FORBIDDEN');
}

export type SecondFactorsService = ReturnType<typeof createSecondFactorsService>;
