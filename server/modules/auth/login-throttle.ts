import { localWindow, type SharedWindow } from '../../cluster/shared-windows.ts';
import { clientNetwork } from '../../lib/client-network.ts';
import { AppError } from '../../lib/errors.ts';

export interface LoginThrottleLimits {
  /** Failed sign-ins from one address, whatever the account names, before it must wait. */
  max: number;
  windowMs: number;
}

export const DEFAULT_LOGIN_FAILURES: LoginThrottleLimits = { max: 30, windowMs: 15 * 60_000 };

/**
 * Password spraying: one address trying a common password on many accounts never trips the
 * per-account limit, so failures are also counted per address across account names. Once an
 * address has failed `max` times in the window, every sign-in from it waits (a right password
 * too: otherwise the spray goes on and learns which guess was right).
 *
 * The failures are counted in a window every process shares (`server/cluster/shared-windows.ts`):
 * with several processes, guesses spread over them meet one budget, not one each.
 */
export class LoginThrottle {
  readonly #failures: SharedWindow;
  readonly #limits: LoginThrottleLimits;

  constructor(limits: LoginThrottleLimits = DEFAULT_LOGIN_FAILURES, failures?: SharedWindow) {
    this.#limits = limits;
    this.#failures = failures ?? localWindow('login-failures', { spanMs: limits.windowMs });
  }

  /** Throws RATE_LIMITED when the address has used up its failures. */
  check(address: string, now = Date.now()): void {
    const wait = this.#failures.waitMs(clientNetwork(address), this.#limits.max, this.#limits.windowMs, now);
    if (wait > 0) throw new AppError('RATE_LIMITED', { params: { seconds: Math.max(1, Math.ceil(wait / 1000)) } });
  }

  fail(address: string, now = Date.now()): void {
    this.#failures.hit(clientNetwork(address), now);
  }
}
