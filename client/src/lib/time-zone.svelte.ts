import type { UserResponse } from '../../../shared/schemas/auth.ts';
import { api } from './api.ts';
import { session } from './state/session.svelte.ts';

/**
 * The zone every date is shown in: the member's own (settings), else UTC. The same on the
 * server's render and in the browser, so hydrating a page never changes a date (a visitor, or
 * a member whose browser has not told its zone yet, reads UTC on both sides).
 */
export function viewerZone(): string {
  return session.user?.timeZone ?? 'UTC';
}

/** The zone this browser runs in (browser only). */
export function browserZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

let told = false;

/** A member without a zone yet gets this browser's, once (then it is theirs to change in settings). */
export function adoptBrowserZone(): void {
  const user = session.user;
  if (told || !user || user.timeZone) return;
  told = true;
  api
    .patch<UserResponse>('/api/me', { timeZone: browserZone() })
    .then(({ user: updated }) => {
      if (session.user?.id === updated.id) session.user = updated;
    })
    .catch(() => {
      told = false;
    });
}

export { fromZoneInput, nineOClock, toZoneInput, zoneDay } from './zone-clock.ts';
