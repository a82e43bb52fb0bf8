/**
 * Unread and new counts at the demo's scale (issue 16, part 1): a member of the most
 * communities who opened every thread there (the most read rows to look through), then one who
 * opened none and joined before all of it (every thread new); and one list page's `unread`/`isNew`.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openDatabase, type OpenedDb } from '../../db/client.ts';
import { seedDatabase } from '../../db/seed/index.ts';
import { hashPassword } from '../../server/modules/auth/passwords.ts';
import { discussionsRepositories } from '../../server/modules/discussions/index.ts';
import { FULL, measure } from './measure.ts';

let database: OpenedDb;

beforeAll(async () => {
  database = openDatabase(':memory:');
  await seedDatabase(database.db, { reference: true, demoAccounts: true, demoPassword: 'demo-password-bench', hashPassword, scale: FULL ? 1 : 0.05 });
}, 600_000);
afterAll(() => database?.sqlite.close());

it('counts a member\'s unread and new threads per forum', async () => {
  const { sqlite } = database;
  const { reads, readCounts } = discussionsRepositories(database);
  const user = sqlite.prepare(`SELECT user_id AS id, count(*) AS n FROM community_members WHERE status = 'active' GROUP BY user_id ORDER BY n DESC LIMIT 1`).get() as { id: number; n: number };
  const rows = sqlite.prepare(`SELECT community_id AS communityId, created_at AS at FROM community_members WHERE user_id = ? AND status = 'active'`).all(user.id) as { communityId: number; at: number }[];
  const memberships = rows.map((m) => ({ communityId: m.communityId, joinedAt: new Date(m.at) }));
  const threadIds = (sqlite.prepare(`SELECT id FROM threads WHERE community_id IN (${rows.map((m) => m.communityId).join(',')})`).all() as { id: number }[]).map((r) => r.id);
  for (const id of threadIds) await reads.record(user.id, id, 1);
  const allRead = await measure('every thread opened', FULL ? 200 : 20, async () => void readCounts.byForum(user.id, memberships));
  const one = await measure('one community', FULL ? 200 : 20, async () => void readCounts.byForum(user.id, memberships.slice(0, 1)));
  const counted = [...(await readCounts.byForum(user.id, memberships)).values()].reduce((sum, c) => sum + c.unread, 0);
  expect(counted).toBeGreaterThan(0);
  sqlite.prepare('DELETE FROM thread_reads WHERE user_id = ?').run(user.id);
  const early = memberships.map((m) => ({ ...m, joinedAt: new Date(0) }));
  const allNew = await measure('nothing opened, every thread new', FULL ? 200 : 20, async () => void readCounts.byForum(user.id, early));
  const page = threadIds.slice(0, 30);
  const state = await measure('a list page (30 threads)', FULL ? 200 : 20, async () => void reads.stateOf(user.id, page));
  const line = (m: { name: string; p50Ms: number; p95Ms: number }) => `  ${m.name.padEnd(36)} p50 ${m.p50Ms.toFixed(2)} ms  p95 ${m.p95Ms.toFixed(2)} ms`;
  process.stdout.write(
    `\n[bench] read-counts (${FULL ? 'full' : 'tiny smoke'}: ${threadIds.length} threads in the ${user.n} communities of one member)\n` +
      [allRead, one, allNew, state].map(line).join('\n') + '\n',
  );
}, 300_000);
