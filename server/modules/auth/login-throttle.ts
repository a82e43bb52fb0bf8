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
 */
export class LoginThrottle {
  readonly #failures = new Map<string, number[]>();
  readonly #limits: LoginThrottleLimits;

  constructor(limits: LoginThrottleLimits = DEFAULT_LOGIN_FAILURES) {
    this.#limits = limits;
  }

  #recent(address: string, now: number): number[] {
    const recent = (this.#failures.get(address) ?? []).filter((at) => now - at < this.#limits.windowMs);
    if (recent.length) this.#failures.set(address, recent);
    else this.#failures.delete(address);
    return recent;
  }

  /** Throws RATE_LIMITED when the address has used up its failures. */
  check(address: string, now = Date.now()): void {
    const recent = this.#recent(clientNetwork(address), now);
    if (recent.length >= this.#limits.max) {
      const seconds = Math.max(1, Math.ceil((recent[recent.length - this.#limits.max]! + this.#limits.windowMs - now) / 1000));
      throw new AppError('RATE_LIMITED', { params: { seconds } });
    }
  }

  fail(address: string, now = Date.now()): void {
    const network = clientNetwork(address);
    const recent = this.#recent(network, now);
    recent.push(now);
    this.#failures.set(network, recent);
    // Bounded memory under a flood of addresses: the oldest address is forgotten first.
    if (this.#failures.size > 50_000) this.#failures.delete(this.#failures.keys().next().value!);
  }
}
