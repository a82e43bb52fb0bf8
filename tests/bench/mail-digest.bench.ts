/**
 * Weekly digests at the demo scale: the full demo data (20,000 posts, 12,000 resources…) and
 * members added up to 10,000, each in a few communities; one run builds every member's digest
 * and writes it to the outbox. Prints the time and the peak memory (aim: < 60 s, < 300 MB).
 * `npm run bench` runs it at full size; `npm test` on a small slice, as a smoke check.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openDatabase, type OpenedDb } from '../../db/client.ts';
import { seedDatabase } from '../../db/seed/index.ts';
import { defaultMailConfig } from '../../server/config.ts';
import { digestsRepositories } from '../../server/modules/digests/index.ts';
import { createDigests } from '../../server/modules/digests/service.ts';
import { createMail } from '../../server/modules/mail/index.ts';
import { FULL, sizes } from './measure.ts';

const size = sizes({ tiny: { scale: 0.02, members: 300 }, full: { scale: 1, members: 10_000 } });
const dir = mkdtempSync(join(tmpdir(), 'minga-bench-digest-'));
let database: OpenedDb;

beforeAll(async () => {
  database = openDatabase(join(dir, 'bench.db'));
  await seedDatabase(database.db, {
    reference: true,
    demoAccounts: true,
    demoPassword: 'contraseña-de-bench',
    scale: size.scale,
    hashPassword: async () => 'not-a-real-hash',
    progress: (line) => FULL && process.stdout.write(`  ${line}\n`),
  });
}, 600_000);

afterAll(() => {
  database?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Members up to the target, each an active member of two to four communities, none seen lately. */
function addMembers(target: number): number {
  const sqlite = database.sqlite;
  const existing = (sqlite.prepare('SELECT count(*) AS n FROM users').get() as { n: number }).n;
  const communityIds = (sqlite.prepare('SELECT id FROM communities').all() as { id: number }[]).map((r) => r.id);
  const institutionIds = (sqlite.prepare('SELECT id FROM institutions').all() as { id: number }[]).map((r) => r.id);
  const insertUser = sqlite.prepare(
    `INSERT INTO users (username, email, password_hash, display_name, institution_id, locale, created_at, updated_at)
     VALUES (?, ?, 'x', ?, ?, ?, ?, ?)`,
  );
  const join = sqlite.prepare(
    `INSERT OR IGNORE INTO community_members (community_id, user_id, role, status, created_at, updated_at) VALUES (?, ?, 'member', 'active', ?, ?)`,
  );
  const locales = ['es', 'pt', 'en', null];
  sqlite.transaction(() => {
    for (let i = existing; i < target; i += 1) {
      const at = Date.UTC(2025, 0, 1) + i * 1000;
      const id = Number(
        insertUser.run(`bench_member_${i}`, `bench_member_${i}@example.org`, `Miembro ${i}`, institutionIds[i % institutionIds.length] ?? null, locales[i % 4], at, at)
          .lastInsertRowid,
      );
      for (let k = 0; k < 2 + (i % 3); k += 1) join.run(communityIds[(i * 7 + k * 13) % communityIds.length]!, id, at, at);
    }
    // Nobody was on the site in the last day: every member is due.
    sqlite.prepare('UPDATE sessions SET last_seen_at = 0').run();
  })();
  return (sqlite.prepare('SELECT count(*) AS n FROM users').get() as { n: number }).n;
}

it('builds the weekly digests of every member in one run', async () => {
  const members = addMembers(size.members);
  // The run happens just after the demo's latest post, so the week has news; some resources
  // (seeded "now") are placed in that week too.
  const latest = (database.sqlite.prepare('SELECT max(created_at) AS at FROM posts').get() as { at: number }).at;
  const now = new Date(latest + 3600_000);
  database.sqlite.prepare('UPDATE resources SET created_at = ? WHERE id % 40 = 0').run(latest - 2 * 86_400_000);

  const mail = createMail({ database, config: defaultMailConfig(), log: { warn: () => {}, error: () => {} } });
  const repos = digestsRepositories(database);
  const digests = createDigests({ repo: repos.digests, content: repos.content, outbox: mail.outbox, unsubscribe: { token: (userId, kind) => `${userId}.${kind}.signature` } });

  global.gc?.();
  const baseline = process.memoryUsage();
  let peakRss = baseline.rss;
  let peakHeap = baseline.heapUsed;
  const sample = () => {
    const m = process.memoryUsage();
    peakRss = Math.max(peakRss, m.rss);
    peakHeap = Math.max(peakHeap, m.heapUsed);
  };
  const started = performance.now();
  const report = await digests.runDue(now, {
    progress: (line) => {
      sample();
      if (FULL) process.stdout.write(`  ${((performance.now() - started) / 1000).toFixed(2)}s ${line}\n`);
    },
  });
  const seconds = (performance.now() - started) / 1000;
  sample();
  const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(0);
  process.stdout.write(
    `\n[bench] weekly digests (${FULL ? 'full' : 'tiny smoke'} size): ${members} members, ${report.sent} digests, ${report.empty} with nothing new\n` +
      `  time ${seconds.toFixed(1)} s (${((report.sent + report.empty) / seconds).toFixed(0)} members/s)\n` +
      `  peak RSS ${mb(peakRss)} MB (before the run ${mb(baseline.rss)} MB), peak heap ${mb(peakHeap)} MB (+${mb(peakHeap - baseline.heapUsed)} MB)\n`,
  );
  expect(report.due).toBe(members);
  expect(report.sent).toBeGreaterThan(0);
  if (FULL) {
    expect(seconds).toBeLessThan(60);
    expect(peakRss).toBeLessThan(300 * 1024 * 1024);
  }
});
