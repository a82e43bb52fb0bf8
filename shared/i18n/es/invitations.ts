/** Invitations to communities; listed and secret private communities. */
export const esInvitations = {
};
