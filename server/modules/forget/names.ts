import { createHash, randomBytes } from 'node:crypto';

/** Erased accounts are renamed `deleted-<random>`; nobody may register a name of that shape. */
export const ERASED_PREFIX = 'deleted-';

/**
 * An erased member's old username rests this long before anyone may register it: long enough
 * that mentions, links and memories of the old name no longer lead to a newcomer.
 */
export const USERNAME_RESERVED_MS = 90 * 24 * 60 * 60_000;

/** What the others' posts say instead of `@oldname`: not a username (the prefix is reserved), so it links nowhere. */
export const ERASED_MENTION = '@deleted-member';

/** Only the hash of a resting name is kept. */
export function usernameHash(username: string): string {
  return createHash('sha256').update(username.toLowerCase()).digest('hex');
}

/** A fresh name for the erased account: never the old one, nothing of it. */
export function erasedUsername(): string {
  return `${ERASED_PREFIX}${randomBytes(6).toString('hex')}`;
}
