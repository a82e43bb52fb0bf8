/** The member's own data: the export (ZIP) and its progress. */
export const esMyData = {
};
