import type { WaysIn } from '../auth/ways-in.ts';
import { createHash, randomBytes } from 'node:crypto';
import { DEFAULT_LOCALE, translate } from '../../../shared/i18n/index.ts';
import type { Passkey, PasskeyCreateBody, PasskeyRemoveBody } from '../../../shared/schemas/passkeys.ts';
import { PASSKEY_NAME_MAX } from '../../../shared/schemas/passkeys.ts';
import type { PasskeyRow, UserRow } from '../../../db/schema/index.ts';
import { AppError } from '../../lib/errors.ts';
import type { Actor } from '../auth/actor.ts';
import type { LoginChallengesRepository } from '../auth/login-challenges-repository.ts';
import type { FactorContext, FactorProof, SecondFactorMethod } from '../auth/second-factors.ts';
import type { AuthService } from '../auth/service.ts';
import type { SessionClient } from '../auth/session-store.ts';
import type { PresenceProof, StepUp } from '../auth/step-up.ts';
import type { Outbox } from '../mail/outbox.ts';
import type { ChallengePurpose, PasskeysRepository } from './repository.ts';
import {
  authenticationOptions,
  CHALLENGE_TTL_MS,
  credentialIdOf,
  registrationOptions,
  verifiedAuthentication,
  verifiedRegistration,
  type RelyingParty,
} from './webauthn.ts';

function sha256(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

/** Where a challenge not tied to a half-done sign-in is kept: per session, or per browser cookie. */
const challengeKey = (purpose: ChallengePurpose, secret: string) => sha256(`passkey:${purpose}:${secret}`);

export function toPasskey(row: PasskeyRow): Passkey {
  return {
    id: row.id,
    name: row.name,
    deviceType: row.deviceType,
    backedUp: row.backedUp,
    createdAt: row.createdAt.toISOString(),
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
  };
}

function cleanName(raw: string): string {
  const name = raw.replace(/\s+/g, ' ').trim();
  if (!name || name.length > PASSKEY_NAME_MAX) throw new AppError('PASSKEY_NAME_INVALID', { field: 'name', params: { max: PASSKEY_NAME_MAX } });
  return name;
}

/**
 * Passkeys: adding one (after "confirm it is you"), naming and removing them (removing needs a
 * fresh factor, and never takes the last way into an account), answering with one as a second
 * factor or as a whole sign-in.
 */
export function createPasskeysService(deps: {
  repo: PasskeysRepository;
  users: { findById(id: number): Promise<UserRow | undefined> };
  stepUp: StepUp;
  /** Whether the account has a second factor (a passkey added there must not be a way around it). */
  hasFactor: (userId: number) => boolean | Promise<boolean>;
  auth: Pick<AuthService, 'openChallenge' | 'startSession'>;
  loginChallenges: Pick<LoginChallengesRepository, 'setWebauthnChallenge'>;
  outbox: Outbox;
  rp: () => RelyingParty;
  /** Other ways into the account besides a password and passkeys (institutions' sign-ins). */
  /** The account's ways in, all kinds (server/modules/auth/ways-in.ts). */
  waysIn: Pick<WaysIn, 'total'>;
  now?: () => Date;
}) {
  const { repo } = deps;
  const now = deps.now ?? (() => new Date());

  /** A signed-in browser (not an API token): its session keys the challenges. */
  function requireSession(actor: Actor | null, sessionId: string | null): { actor: Actor; sessionId: string } {
    if (!actor) throw new AppError('UNAUTHENTICATED');
    if (!sessionId) throw new AppError('SESSION_REQUIRED');
    return { actor, sessionId };
  }

  async function storeChallenge(purpose: ChallengePurpose, secret: string, userId: number | null, challenge: string): Promise<void> {
    await repo.putChallenge({ keyHash: challengeKey(purpose, secret), purpose, userId, challenge, expiresAt: new Date(now().getTime() + CHALLENGE_TTL_MS) });
  }

  async function notify(userId: number, kind: 'passkey_added' | 'passkey_removed', name: string, key: string): Promise<void> {
    const user = await deps.users.findById(userId);
    if (!user) return;
    await deps.outbox.enqueue({
      kind,
      to: user.email,
      userId,
      locale: user.locale ?? DEFAULT_LOCALE,
      params: { displayName: user.displayName, username: user.username, name, settingsUrl: deps.outbox.link('/settings') },
      eventKey: `${kind}:${key}`,
    });
  }

  /** A good, fresh answer from one of the member's passkeys: records the use (the counter only moves forward). */
  async function answeredBy(userId: number, response: unknown, challenge: string | null | undefined, requireUserVerification: boolean): Promise<PasskeyRow | null> {
    const credentialId = credentialIdOf(response);
    if (!challenge || !credentialId) return null;
    const row = await repo.findByCredential(credentialId);
    if (!row || row.userId !== userId) return null;
    const info = await verifiedAuthentication(deps.rp(), response, challenge, row, requireUserVerification);
    if (!info) return null;
    return (await repo.recordUse(row.id, info.newCounter, now())) ? row : null;
  }

  /** The second-factor kind `passkey`: on while the member has one. */
  const factor: SecondFactorMethod = {
    kind: 'passkey',
    enabled: async (userId) => (await repo.countFor(userId)) > 0,
    accepts: (proof: FactorProof) => typeof proof.passkey === 'object' && proof.passkey !== null,
    async verify(userId: number, proof: FactorProof, context: FactorContext): Promise<boolean> {
      let challenge: string | null | undefined;
      if (context.loginChallenge) {
        challenge = context.loginChallenge.webauthnChallenge;
        // Each challenge answers once, right or wrong.
        await deps.loginChallenges.setWebauthnChallenge(context.loginChallenge.idHash, null);
      } else if (context.sessionId) {
        const row = await repo.takeChallenge(challengeKey('confirm', context.sessionId), 'confirm', now());
        challenge = row?.userId === userId ? row.challenge : null;
      }
      return !!(await answeredBy(userId, proof.passkey, challenge, false));
    },
  };

  return {
    factor,

    countFor: (userId: number) => repo.countFor(userId),

    async list(actor: Actor | null): Promise<Passkey[]> {
      if (!actor) throw new AppError('UNAUTHENTICATED');
      return (await repo.listFor(actor.id)).map(toPasskey);
    },

    /** Adding a way in: confirm it is you first (a fresh factor when the account has one), then the browser gets options to create one. */
    async registrationOptions(anyActor: Actor | null, anySession: string | null, proof: PresenceProof) {
      const { actor, sessionId } = requireSession(anyActor, anySession);
      // A passkey signs in by itself: with a second factor on, the password alone must not add a way around it.
      if (await deps.hasFactor(actor.id)) {
        if (!proof.code && !proof.passkey) throw new AppError('PASSKEY_ADD_FACTOR_REQUIRED', { field: 'code' });
        await deps.stepUp.confirm(actor, sessionId, { code: proof.code, passkey: proof.passkey });
      } else {
        await deps.stepUp.confirm(actor, sessionId, proof);
      }
      const user = await deps.users.findById(actor.id);
      if (!user) throw new AppError('UNAUTHENTICATED');
      const options = await registrationOptions(deps.rp(), user, await repo.listFor(actor.id));
      await storeChallenge('register', sessionId, actor.id, options.challenge);
      return options;
    },

    /** The browser's new credential, for the challenge this session was given (once, within five minutes). */
    async register(anyActor: Actor | null, anySession: string | null, body: PasskeyCreateBody): Promise<Passkey> {
      const { actor, sessionId } = requireSession(anyActor, anySession);
      const name = body.name?.trim() ? cleanName(body.name) : null;
      const pending = await repo.takeChallenge(challengeKey('register', sessionId), 'register', now());
      if (!pending || pending.userId !== actor.id) throw new AppError('PASSKEY_NOT_VERIFIED');
      const info = await verifiedRegistration(deps.rp(), body.response, pending.challenge);
      if (!info) throw new AppError('PASSKEY_NOT_VERIFIED');
      const user = await deps.users.findById(actor.id);
      const count = await repo.countFor(actor.id);
      const row = await repo.insert({
        userId: actor.id,
        credentialId: info.credential.id,
        publicKey: Buffer.from(info.credential.publicKey),
        counter: info.credential.counter,
        transports: info.credential.transports ?? [],
        deviceType: info.credentialDeviceType,
        backedUp: info.credentialBackedUp,
        name: name ?? translate(user?.locale ?? DEFAULT_LOCALE, 'passkeys.defaultName', { n: count + 1 }),
      });
      if (!row) throw new AppError('PASSKEY_EXISTS');
      await notify(actor.id, 'passkey_added', row.name, `${row.id}`);
      return toPasskey(row);
    },

    async rename(actor: Actor | null, id: number, rawName: string): Promise<Passkey> {
      if (!actor) throw new AppError('UNAUTHENTICATED');
      const row = await repo.rename(actor.id, id, cleanName(rawName));
      if (!row) throw new AppError('PASSKEY_NOT_FOUND');
      return toPasskey(row);
    },

    /** Removing a factor needs a fresh factor, and never takes the last way into the account. */
    async remove(anyActor: Actor | null, anySession: string | null, id: number, proof: PasskeyRemoveBody): Promise<void> {
      const { actor, sessionId } = requireSession(anyActor, anySession);
      const row = await repo.findOwn(actor.id, id);
      if (!row) throw new AppError('PASSKEY_NOT_FOUND');
      if (!proof.code && !proof.passkey) throw new AppError('PASSKEY_FRESH_FACTOR_REQUIRED');
      // Every way in counts (a password, institutions' identities, passkeys): this one must not be the last.
      if ((await deps.waysIn.total(actor.id)) <= 1) throw new AppError('PASSKEY_LAST_WAY_IN');
      await deps.stepUp.confirm(actor, sessionId, { code: proof.code, passkey: proof.passkey });
      if (!(await repo.remove(actor.id, id))) throw new AppError('PASSKEY_NOT_FOUND');
      await notify(actor.id, 'passkey_removed', row.name, `${row.id}`);
    },

    /** "Confirm it is you" with a passkey: a challenge for this session, listing the member's passkeys. */
    async confirmOptions(anyActor: Actor | null, anySession: string | null) {
      const { actor, sessionId } = requireSession(anyActor, anySession);
      const credentials = await repo.listFor(actor.id);
      if (credentials.length === 0) throw new AppError('PASSKEY_NOT_FOUND');
      const options = await authenticationOptions(deps.rp(), credentials);
      await storeChallenge('confirm', sessionId, actor.id, options.challenge);
      return options;
    },

    /** The sign-in's second step with a passkey: a challenge kept with the half-done sign-in. */
    async secondStepOptions(loginSecret: string | undefined) {
      const open = await deps.auth.openChallenge(loginSecret);
      if (!open) throw new AppError('LOGIN_EXPIRED');
      const credentials = await repo.listFor(open.userId);
      if (credentials.length === 0) throw new AppError('PASSKEY_NOT_FOUND');
      const options = await authenticationOptions(deps.rp(), credentials);
      await deps.loginChallenges.setWebauthnChallenge(open.idHash, options.challenge);
      return options;
    },

    /** A passwordless sign-in's challenge, bound to this browser by `secret` (kept in a cookie). */
    async signInOptions() {
      const secret = randomBytes(32).toString('base64url');
      const options = await authenticationOptions(deps.rp(), null);
      await storeChallenge('sign_in', secret, null, options.challenge);
      return { options, secret, expiresAt: new Date(now().getTime() + CHALLENGE_TTL_MS) };
    },

    /**
     * A passkey that verified the person is a whole sign-in. An unknown passkey and a wrong
     * answer look the same.
     */
    async signIn(secret: string | undefined, response: unknown, client?: SessionClient) {
      const pending = secret ? await repo.takeChallenge(challengeKey('sign_in', secret), 'sign_in', now()) : undefined;
      if (!pending) throw new AppError('LOGIN_EXPIRED');
      const credentialId = credentialIdOf(response);
      const owner = credentialId ? (await repo.findByCredential(credentialId))?.userId : undefined;
      const row = owner !== undefined ? await answeredBy(owner, response, pending.challenge, true) : null;
      if (!row) throw new AppError('PASSKEY_SIGN_IN_FAILED');
      return await deps.auth.startSession(row.userId, client);
    },

    /** The account was erased: its passkeys and challenges go with it. */
    async erase(userId: number): Promise<void> {
      await repo.eraseUser(userId);
    },
  };
}

export type PasskeysService = ReturnType<typeof createPasskeysService>;
