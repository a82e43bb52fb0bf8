import { sql, type SQL } from 'drizzle-orm';
import { jsonValues } from '../../../db/dialect.ts';

/**
 * The ids of a JSON array of integers (a bound parameter), as a subquery for `id IN …`. Cast:
 * PostgreSQL's json_array_elements_text gives text, which it will not compare with a bigint.
 */
export const idsIn = (json: unknown): SQL => sql`(SELECT CAST(j.value AS BIGINT) FROM ${jsonValues(json)} AS j)`;
