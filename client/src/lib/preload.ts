/**
 * API answers the server already fetched for the page being rendered. On the server a render
 * reads them synchronously (rendering cannot wait); in the browser the same answers, embedded
 * in the page, let the first render (hydration) show exactly what the server rendered, with no
 * second fetch. Every GET the page made without an answer here is noted, so the server can
 * fetch it and render again.
 */
import type { PreloadedAnswer, PreloadedAnswers } from '../../../shared/page-render.ts';

export type { PreloadedAnswer, PreloadedAnswers };

let answers: PreloadedAnswers | null = null;
const missed = new Set<string>();
/** Browser, first render: a GET the server did not answer is made once, however often asked. */
const inFlight = new Map<string, Promise<unknown>>();

export const onServer = typeof window === 'undefined';

/** Starts serving these answers (server: before a render; browser: before hydration). */
export function usePreloaded(data: PreloadedAnswers | null): void {
  answers = data;
  missed.clear();
  inFlight.clear();
}

/** During the first render, the same GET asked twice (a page's first look, its first load) is one request. */
export function once<T>(path: string, start: () => Promise<T>): Promise<T> {
  if (answers === null) return start();
  let pending = inFlight.get(path) as Promise<T> | undefined;
  if (!pending) {
    pending = start();
    inFlight.set(path, pending);
  }
  return pending;
}

/** Whether answers are being served (a server render, or the browser's first render). */
export function preloading(): boolean {
  return answers !== null;
}

/** The GETs the last render asked for that had no answer (the server fetches them). */
export function missedPaths(): string[] {
  return [...missed];
}

/** The answer for `path`, if the server fetched it for this page. */
export function preloadedAnswer(path: string): PreloadedAnswer | undefined {
  const answer = answers?.[path];
  if (!answer) missed.add(path);
  return answer;
}

/**
 * A promise-like whose outcome is known now (a preloaded answer): `then` runs its callback at
 * once and gives another known outcome, so a page's `api.get(…).then(shape)` has its value
 * while the page is first rendered. Only ever made from preloaded answers.
 */
export class Known<T> implements PromiseLike<T> {
  readonly [Symbol.toStringTag] = 'Promise';
  constructor(readonly answer: PreloadedAnswer) {}

  then<A = T, B = never>(onFulfilled?: ((value: T) => A | PromiseLike<A>) | null, onRejected?: ((reason: unknown) => B | PromiseLike<B>) | null): Promise<A | B> {
    const ok = this.answer.status < 400;
    const callback = ok ? onFulfilled : onRejected;
    if (!callback) return this as unknown as Promise<A | B>;
    try {
      const result = callback((ok ? this.answer.body : rejection(this.answer)) as T);
      if (result instanceof Known) return result as unknown as Promise<A | B>;
      if (result && typeof (result as PromiseLike<unknown>).then === 'function') return Promise.resolve(result);
      return new Known<A | B>({ status: 200, body: result }) as unknown as Promise<A | B>;
    } catch (error) {
      return Promise.reject(error);
    }
  }

  catch<B = never>(onRejected?: ((reason: unknown) => B | PromiseLike<B>) | null): Promise<T | B> {
    return this.then(undefined, onRejected);
  }

  finally(onFinally?: (() => void) | null): Promise<T> {
    onFinally?.();
    return this as unknown as Promise<T>;
  }
}

let rejection: (answer: PreloadedAnswer) => unknown = (answer) => answer.body;

/** How a known failure is given to a rejection callback (api.ts makes it an ApiError). */
export function describeRejection(make: (answer: PreloadedAnswer) => unknown): void {
  rejection = make;
}

/** The answer a preloaded GET stands for, as a promise whose outcome is known now. */
export function known<T>(answer: PreloadedAnswer): Promise<T> {
  return new Known<T>(answer) as unknown as Promise<T>;
}

/**
 * What `promise` settles with, when it came straight from the preloaded answers (or from
 * `then` on one); undefined when it has to be waited for (a real request).
 */
export function settledNow(promise: PromiseLike<unknown>): PreloadedAnswer | undefined {
  return promise instanceof Known ? promise.answer : undefined;
}

/**
 * A page's first look at its data: the answer when it is known now; otherwise the load is left
 * to settle on its own (a failure there is handled by the page's real load, not reported here).
 */
export function firstLook(pending: PromiseLike<unknown>): PreloadedAnswer | undefined {
  const answer = settledNow(pending);
  if (!answer && pending instanceof Promise) pending.catch(() => {});
  return answer;
}

/** Promise.all that keeps a known outcome known (several preloaded GETs shown together). */
export function all<T extends readonly unknown[]>(promises: { [K in keyof T]: Promise<T[K]> }): Promise<T> {
  const answers = (promises as readonly Promise<unknown>[]).map(settledNow);
  if (answers.every((answer) => answer && answer.status < 400)) {
    return known<T>({ status: 200, body: answers.map((answer) => answer!.body) });
  }
  const failed = answers.find((answer) => answer && answer.status >= 400);
  if (failed && answers.every((answer) => answer)) return known<T>(failed);
  return Promise.all(promises) as Promise<T>;
}

/** A promise that never settles: on the server, for a request that will be fetched for the next render. */
export function never<T>(): Promise<T> {
  return new Promise<T>(() => {});
}
