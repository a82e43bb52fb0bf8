import { sql } from 'drizzle-orm';
import { rows } from '../../../db/access.ts';
import type { Db } from '../../../db/client.ts';
import { jsonValues } from '../../../db/dialect.ts';
import { experiences, profiles, resources, specialists, users } from '../../../db/schema/index.ts';
import { liveRecord, liveRecordSql } from '../knowledge/withdrawal.ts';

/** At most this many specialists and institutions are suggested for one item. */
export const MATCH_SPECIALISTS = 8;
export const MATCH_INSTITUTIONS = 5;

export interface MatchWanted {
  /** The posting institution: its own people and records are not suggested to it. */
  institutionId: number;
  sectors: string[];
  themes: string[];
  expertise: string[];
}

export interface Match {
  kind: 'specialist' | 'institution';
  refId: number;
  score: number;
  /** Accounts to tell: the specialist's own account (institutions: none here, their representatives are asked elsewhere). */
  userId: number | null;
}

/**
 * Who could help with (or use) a request or offer: specialists whose expertise covers its themes
 * and expertise, and institutions whose knowledge records (resources, profiles, experiences)
 * cover its sectors and themes. Reads the knowledge tables (withdrawn records left out); writes nothing.
 */
export function createMatcher(db: Db) {
  async function specialistsFor(wanted: MatchWanted): Promise<Match[]> {
    const codes = JSON.stringify([...new Set([...wanted.themes, ...wanted.expertise])]);
    if (codes === '[]') return [];
    // The score is named in an outer query: PostgreSQL does not let WHERE use a select's alias.
    const found = await rows<{ id: number; userId: number | null; score: number }>(
      db,
      sql`SELECT id, "userId", score FROM (
            SELECT s.id AS id, s.user_id AS "userId", (s.user_id IS NULL) AS unlinked,
              (SELECT count(*) FROM ${jsonValues(sql`s.expertise`)} AS e WHERE e.value IN ${jsonValues(codes)}) AS score
            FROM ${specialists} AS s
            WHERE (s.institution_id IS NULL OR s.institution_id <> ${wanted.institutionId}) AND ${sql.raw(liveRecordSql((c) => `s.${c}`))}
          ) AS scored
          WHERE score > 0
          ORDER BY score DESC, unlinked ASC, id ASC
          LIMIT ${MATCH_SPECIALISTS}`,
    );
    return found.map((r) => ({ kind: 'specialist' as const, refId: r.id, score: Number(r.score), userId: r.userId }));
  }

  async function institutionsFor(wanted: MatchWanted): Promise<Match[]> {
    const sectors = JSON.stringify(wanted.sectors);
    const themes = JSON.stringify(wanted.themes);
    if (sectors === '[]' && themes === '[]') return [];
    const found = await rows<{ id: number; score: number }>(
      db,
      sql`SELECT institution_id AS id, count(*) AS score FROM (
            SELECT ${resources.institutionId} AS institution_id FROM ${resources} WHERE ${liveRecord(resources)} AND ${resources.sector} IN ${jsonValues(sectors)}
            UNION ALL SELECT ${profiles.institutionId} FROM ${profiles} WHERE ${liveRecord(profiles)} AND ${profiles.sector} IN ${jsonValues(sectors)}
            UNION ALL SELECT ${experiences.institutionId} FROM ${experiences}
              WHERE ${liveRecord(experiences)} AND (${experiences.sector} IN ${jsonValues(sectors)} OR ${experiences.theme} IN ${jsonValues(themes)})
          ) AS covered
          WHERE institution_id IS NOT NULL AND institution_id <> ${wanted.institutionId}
          GROUP BY institution_id ORDER BY score DESC, institution_id ASC LIMIT ${MATCH_INSTITUTIONS}`,
    );
    return found.map((r) => ({ kind: 'institution' as const, refId: r.id, score: Number(r.score), userId: null }));
  }

  /** Members flagged specialist (without a directory record) who work at one of these institutions. */
  async function flaggedMembersAt(institutionIds: number[]): Promise<number[]> {
    if (institutionIds.length === 0) return [];
    const found = await rows<{ id: number }>(
      db,
      sql`SELECT u.id AS id FROM ${users} AS u
          WHERE u.specialist = 1 AND u.institution_id IN ${institutionIds}
            AND NOT EXISTS (SELECT 1 FROM ${specialists} AS s WHERE s.user_id = u.id)
          ORDER BY u.id LIMIT ${MATCH_SPECIALISTS}`,
    );
    return found.map((r) => r.id);
  }

  return {
    async match(wanted: MatchWanted): Promise<{ specialists: Match[]; institutions: Match[]; flaggedMembers: number[] }> {
      const places = await institutionsFor(wanted);
      return { specialists: await specialistsFor(wanted), institutions: places, flaggedMembers: await flaggedMembersAt(places.map((p) => p.refId)) };
    },
  };
}

export type Matcher = ReturnType<typeof createMatcher>;
