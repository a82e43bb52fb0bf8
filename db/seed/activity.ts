import { sql } from 'drizzle-orm';
import { rows, transaction } from '../access.ts';
import type { Db } from '../client.ts';
import { knowledgeUseDaily } from '../schema/index.ts';
import { DAY, END, START } from './forums/clock.ts';
import { Random } from './forums/templates/random.ts';
import { insertBatches } from './write.ts';

type Kind = 'resource' | 'experience' | 'profile' | 'specialist';
const KIND_TABLES: Record<Kind, string> = { resource: 'resources', experience: 'experiences', profile: 'profiles', specialist: 'specialists' };

/**
 * Views of the knowledge records over the forums' calendar, as the activity area's counter
 * would have written them: records cited in the discussions are read more (a reader follows
 * the card), a sample of the others now and then. Downloads only for resources that have a
 * file (the demo resources have none, so none). Deterministic: a seeded PRNG, the fixed calendar.
 */
export async function seedKnowledgeUse(db: Db, progress: (line: string) => void): Promise<{ rows: number }> {
  const random = new Random('knowledge-use');
  const days = Math.floor((END - START) / DAY);
  const dayOf = (offset: number) => new Date(START + offset * DAY).toISOString().slice(0, 10);
  const cited = new Map<string, number>();
  for (const row of await rows<{ type: Kind; id: number; n: number }>(
    db,
    sql`SELECT link_type AS type, target_id AS id, count(*) AS n FROM post_links WHERE link_type IN ('resource', 'experience', 'profile', 'specialist') GROUP BY link_type, target_id`,
  )) {
    cited.set(`${row.type}:${Number(row.id)}`, Number(row.n));
  }
  const daily = new Map<string, { kind: Kind; recordId: number; day: string; views: number; downloads: number }>();
  for (const kind of Object.keys(KIND_TABLES) as Kind[]) {
    const records = await rows<{ id: number; hasFile: number }>(
      db,
      sql.raw(`SELECT id, ${kind === 'resource' ? 'CASE WHEN file_id IS NOT NULL THEN 1 ELSE 0 END' : '0'} AS "hasFile" FROM ${KIND_TABLES[kind]} ORDER BY id`),
    );
    for (const record of records) {
      const citations = cited.get(`${kind}:${record.id}`) ?? 0;
      if (citations === 0 && !random.chance(0.08)) continue;
      const visits = citations * random.int(6, 14) + random.int(1, 6);
      for (let i = 0; i < visits; i++) {
        const day = dayOf(random.int(0, days - 1));
        const key = `${kind}:${record.id}:${day}`;
        const row = daily.get(key) ?? { kind, recordId: record.id, day, views: 0, downloads: 0 };
        row.views += 1;
        if (record.hasFile && random.chance(0.3)) row.downloads += 1;
        daily.set(key, row);
      }
    }
  }
  const all = [...daily.values()];
  await transaction(db, () => insertBatches(db, knowledgeUseDaily, all));
  progress(`knowledge use ${all.length} daily rows`);
  return { rows: all.length };
}
