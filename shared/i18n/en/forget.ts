import type { esForget } from '../es/forget.ts';

/** Deleting one's account: confirmation, kept or removed posts, anonymisation. */
export const enForget: Record<keyof typeof esForget, string> = {
};
