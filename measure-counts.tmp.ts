import { openDatabase } from './db/client.ts';
import { seedDatabase } from './db/seed/index.ts';
import { hashPassword } from './server/modules/auth/passwords.ts';
import { createReadCountsRepository } from './server/modules/discussions/read-counts-repository.ts';
import { createReadsRepository } from './server/modules/discussions/reads-repository.ts';
import { existsSync } from 'node:fs';

const file = '/tmp/reads-demo.db';
const fresh = !existsSync(file);
const database = openDatabase(file);
if (fresh) {
  const t0 = performance.now();
  await seedDatabase(database.db, { reference: true, demoAccounts: true, demoPassword: 'demo-password-123', hashPassword });
  console.log('seeded in', ((performance.now() - t0) / 1000).toFixed(1), 's');
}
const sqlite = database.sqlite;
console.log(sqlite.prepare('SELECT (SELECT count(*) FROM threads) t, (SELECT count(*) FROM posts) p, (SELECT count(*) FROM community_members) m, (SELECT count(*) FROM users) u').get());
const user = sqlite.prepare(`SELECT user_id AS id, count(*) n FROM community_members WHERE status='active' GROUP BY user_id ORDER BY n DESC LIMIT 1`).get() as { id: number; n: number };
const memberships = (sqlite.prepare(`SELECT community_id AS communityId, created_at AS at FROM community_members WHERE user_id = ? AND status='active'`).all(user.id) as { communityId: number; at: number }[]).map((m) => ({ communityId: m.communityId, joinedAt: new Date(m.at) }));
console.log('user', user, 'threads in their communities', sqlite.prepare(`SELECT count(*) n FROM threads WHERE community_id IN (${memberships.map((m) => m.communityId).join(',')})`).get());
const reads = createReadsRepository(database.db);
const counts = createReadCountsRepository(database.db);
// A heavy reader: every thread of their communities opened, up to its first post.
const ids = sqlite.prepare(`SELECT id FROM threads WHERE community_id IN (${memberships.map((m) => m.communityId).join(',')})`).all() as { id: number }[];
for (const { id } of ids) reads.record(user.id, id, 1);
// Joined long ago (the most "new" threads to count): the earliest thread's time.
const early = memberships.map((m) => ({ ...m, joinedAt: new Date(0) }));
function time(label: string, fn: () => unknown, n = 200) {
  fn();
  const t0 = performance.now();
  for (let i = 0; i < n; i++) fn();
  console.log(label, ((performance.now() - t0) / n).toFixed(3), 'ms');
}
time('byForum (all read rows, memberships as joined)', () => counts.byForum(user.id, memberships));
console.log(JSON.stringify([...counts.byForum(user.id, memberships).values()].slice(0, 3)));
sqlite.prepare('DELETE FROM thread_reads WHERE user_id = ?').run(user.id);
time('byForum (nothing read, joined at 0: every thread new)', () => counts.byForum(user.id, early));
time('byForum one community', () => counts.byForum(user.id, early.slice(0, 1)));
const page = ids.slice(0, 30).map((r) => r.id);
time('stateOf 30 threads', () => reads.stateOf(user.id, page));
