/** Deleting one's account: confirmation, kept or removed posts, anonymisation. */
export const esForget = {
};
