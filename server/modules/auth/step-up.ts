import { AppError } from '../../lib/errors.ts';
import type { UsersRepository } from '../users/repository.ts';
import type { Actor } from './actor.ts';
import type { SecondFactors } from './second-factors.ts';
import { sessionHandle, type SessionStore } from './session-store.ts';

/** What a member shows to confirm a sensitive change: the password, or one of their second factors. */
export interface PresenceProof {
  password?: string;
  /** An authenticator or recovery code. */
  code?: string;
  /** A passkey's answer to the challenge the session was given. */
  passkey?: unknown;
}

/** An account with neither a password nor a factor (signed in through its institution) confirms by signing in again. */
export const FRESH_SIGN_IN_MS = 10 * 60_000;

/**
 * "Confirm it is you", the one gate of every sensitive change: turning a factor off, linking or
 * unlinking a way in, changing the address or password, deleting the account. A password is
 * checked with the sign-in's own throttle (`checkCurrentPassword`); a code or passkey through
 * the second-factor registry, so every kind counts everywhere.
 */
export function createStepUp(deps: {
  users: Pick<UsersRepository, 'findById'>;
  sessions: Pick<SessionStore, 'listFor'>;
  factors: SecondFactors;
  checkCurrentPassword: (actor: Actor | null, sessionId: string | null, password: string) => Promise<Actor>;
  /** The sign-in's failures per address: a wrong code here is one more guess like a wrong password. */
  attempts?: {
    check(address: string | undefined): void;
    fail(address: string | undefined): void;
    /** The same per account, whatever the address (a taken session can move between addresses). */
    checkAccount?(userId: number): void;
    failAccount?(userId: number): void;
  };
  now?: () => number;
}) {
  const now = deps.now ?? Date.now;

  function requireSession(actor: Actor | null, sessionId: string | null): asserts actor is Actor {
    if (!actor) throw new AppError('UNAUTHENTICATED');
    if (!sessionId) throw new AppError('SESSION_REQUIRED');
  }

  /** Whether this browser session began within the last ten minutes. */
  async function freshlySignedIn(userId: number, sessionId: string): Promise<boolean> {
    const handle = sessionHandle(sessionId);
    const started = (await deps.sessions.listFor(userId)).find((s) => s.handle === handle)?.createdAt;
    return !!started && now() - started.getTime() < FRESH_SIGN_IN_MS;
  }

  return {
    /** Whether the account has a password to confirm with (accounts made through an institution may not). */
    async hasPassword(userId: number): Promise<boolean> {
      return !!(await deps.users.findById(userId))?.passwordHash;
    },

    /** Throws unless the proof confirms the member; returns how they confirmed. */
    async confirm(actor: Actor | null, sessionId: string | null, proof: PresenceProof): Promise<'password' | 'factor' | 'fresh'> {
      requireSession(actor, sessionId);
      if (proof.password) {
        await deps.checkCurrentPassword(actor, sessionId, proof.password);
        return 'password';
      }
      if (proof.code || proof.passkey) {
        deps.attempts?.check(actor.address);
        deps.attempts?.checkAccount?.(actor.id);
        const ok = await deps.factors.verify(actor.id, { code: proof.code, passkey: proof.passkey }, { sessionId: sessionId! });
        if (!ok) {
          deps.attempts?.fail(actor.address);
          deps.attempts?.failAccount?.(actor.id);
          throw new AppError('INVALID_SECOND_FACTOR', { field: proof.code ? 'code' : undefined });
        }
        return 'factor';
      }
      const user = await deps.users.findById(actor.id);
      if (user && !user.passwordHash && !(await deps.factors.has(actor.id)) && (await freshlySignedIn(actor.id, sessionId!))) return 'fresh';
      throw new AppError(user?.passwordHash ? 'WRONG_PASSWORD' : 'REAUTH_REQUIRED', { field: user?.passwordHash ? 'password' : undefined });
    },
  };
}

export type StepUp = ReturnType<typeof createStepUp>;
