import type { SQLWrapper } from 'drizzle-orm';
import { likeAnyCase } from '../../db/dialect.ts';

/** `column` contains `text` literally: LIKE with its wildcards escaped, case-insensitive (ASCII) on both engines. */
export function containsText(column: SQLWrapper, text: string) {
  const escaped = text.replace(/[\\%_]/g, (c) => `\\${c}`);
  return likeAnyCase(column, `%${escaped}%`);
}
