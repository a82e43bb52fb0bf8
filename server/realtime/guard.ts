import type { Static, TSchema } from 'typebox';
import { Compile } from 'typebox/compile';
import { cleanPayload } from '../lib/text-hygiene.ts';
import type { ErrorCode } from '../../shared/errors.ts';
import type { Ack } from '../../shared/events.ts';
import { SOCKET_LIMITS } from '../../shared/events.ts';
import { translate, type Locale } from '../../shared/i18n/index.ts';
import { AppError } from '../lib/errors.ts';

/** A socket's allowance of client events: a fixed window, and strikes for going over. */
export class EventBudget {
  #windowStart = 0;
  #count = 0;
  strikes = 0;

  allow(now = Date.now()): boolean {
    if (now - this.#windowStart >= SOCKET_LIMITS.windowMs) {
      this.#windowStart = now;
      this.#count = 0;
    }
    this.#count += 1;
    if (this.#count <= SOCKET_LIMITS.eventsPerWindow) return true;
    this.strikes += 1;
    return false;
  }
}

/** A flood well past the limit ends the connection rather than costing more answers. */
export const STRIKES_BEFORE_DISCONNECT = 3 * SOCKET_LIMITS.eventsPerWindow;

export interface GuardedSocket {
  data: { locale: Locale; budget: EventBudget };
  on(event: string, listener: (...args: unknown[]) => void): unknown;
  disconnect(close?: boolean): unknown;
}

function failure(locale: Locale, code: ErrorCode): Ack<never> {
  return { ok: false, error: { code, message: translate(locale, `error.${code}`) } };
}

/** Validators compiled once per schema, not once per socket: a connection must stay cheap. */
const compiled = new WeakMap<TSchema, ReturnType<typeof Compile>>();
function validatorFor(schema: TSchema) {
  let check = compiled.get(schema);
  if (!check) compiled.set(schema, (check = Compile(schema)));
  return check;
}

/**
 * Registers a client event with its payload schema: every call is counted against the
 * socket's budget, validated, and answered — with data, or with an error acknowledgement.
 * A handler never crashes the socket and a bad payload is never silently dropped; an
 * asynchronous one is acknowledged once it has finished, its failures into the same answers
 * (the listener's promise never rejects).
 */
export function handle<S extends TSchema, R>(
  socket: GuardedSocket,
  event: string,
  schema: S,
  handler: (payload: Static<S>) => R | Promise<R>,
  onUnexpected: (error: unknown) => void,
): void {
  const check = validatorFor(schema);
  socket.on(event, async (...args: unknown[]) => {
    const ack = typeof args.at(-1) === 'function' ? (args.at(-1) as (reply: Ack<unknown> | Ack) => void) : () => {};
    const payload = typeof args[0] === 'function' ? undefined : cleanPayload(args[0]);
    const { locale, budget } = socket.data;
    if (!budget.allow()) {
      ack(failure(locale, 'RATE_LIMITED'));
      if (budget.strikes > STRIKES_BEFORE_DISCONNECT) socket.disconnect(true);
      return;
    }
    if (!check.Check(payload)) {
      ack(failure(locale, 'VALIDATION_FAILED'));
      return;
    }
    try {
      const data = await handler(payload as Static<S>);
      ack(data === undefined ? { ok: true } : ({ ok: true, data } as Ack<unknown>));
    } catch (error) {
      if (error instanceof AppError) {
        ack({ ok: false, error: { code: error.code, message: translate(locale, `error.${error.code}`, error.options.params) } });
        return;
      }
      onUnexpected(error);
      ack(failure(locale, 'INTERNAL'));
    }
  });
}
