import type { esForget } from '../es/forget.ts';

/** Deleting one's account: confirmation, kept or removed posts, anonymisation. */
export const ptForget: Record<keyof typeof esForget, string> = {
};
