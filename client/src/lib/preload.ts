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
/** Answers handed out synchronously: a promise api.get returned → what it settles with. */
const known = new WeakMap<Promise<unknown>, PreloadedAnswer>();

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

/** Remembers that `promise` stands for `answer`, so a page can show it without waiting. */
export function markKnown<T>(promise: Promise<T>, answer: PreloadedAnswer): Promise<T> {
  known.set(promise, answer);
  return promise;
}

/**
 * What `promise` settles with, when it came straight from the preloaded answers; undefined
 * when it has to be waited for (a real request, or a value computed after one).
 */
export function settledNow(promise: Promise<unknown>): PreloadedAnswer | undefined {
  return known.get(promise);
}

/** A promise that never settles: on the server, for a request that will be fetched for the next render. */
export function never<T>(): Promise<T> {
  return new Promise<T>(() => {});
}
