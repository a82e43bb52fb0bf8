import type { esMyData } from '../es/my-data.ts';

/** The member's own data: the export (ZIP) and its progress. */
export const ptMyData: Record<keyof typeof esMyData, string> = {
};
