import type { esInvitations } from '../es/invitations.ts';

/** Invitations to communities; listed and secret private communities. */
export const enInvitations: Record<keyof typeof esInvitations, string> = {
};
