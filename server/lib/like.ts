import type { SQLWrapper } from 'drizzle-orm';
import { likeAnyCase } from '../../db/dialect.ts';

/** `column` contains `text` literally: LIKE with its wildcards escaped, without regard to letter case (ASCII), on either engine. */
export function containsText(column: SQLWrapper, text: string) {
  const escaped = text.replace(/[\\%_]/g, (c) => `\\${c}`);
  return likeAnyCase(column, `%${escaped}%`);
}
