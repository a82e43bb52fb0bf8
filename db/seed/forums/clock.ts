/** The fixed calendar of the forum demo data: every timestamp lies between START and END. */

/** The demo's "now": every timestamp lies before it, so two runs give the same rows. */
export const FORUM_SEED_NOW = new Date('2026-11-01T00:00:00.000Z');

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;
export const END = FORUM_SEED_NOW.getTime();
/** Activity covers the 18 months before "now". */
export const START = Date.UTC(2025, 4, 1);
