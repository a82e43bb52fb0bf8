/**
 * OAI-PMH at the demo's scale (~19,000 knowledge records and institutions): a whole ListRecords
 * harvest walked by resumption tokens, as a repository harvester does it, then ListIdentifiers.
 * Prints records a second and the total time; the aim is a full harvest under a minute.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { seedKnowledge } from '../../db/seed/knowledge/index.ts';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { FULL } from './measure.ts';

const dir = mkdtempSync(join(tmpdir(), 'minga-bench-oai-'));
let t: TestApp;
let total = 0;

beforeAll(async () => {
  t = await buildTestApp({ dbFile: join(dir, 'bench.db') });
  await seedKnowledge(t.database.db, { scale: FULL ? 1 : 0.02, progress: (line) => FULL && process.stdout.write(`  ${line}\n`) });
  const database = t.database;
  for (const table of ['resources', 'experiences', 'profiles', 'specialists', 'institutions']) {
    total += (database.sqlite.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
  }
}, 600_000);

afterAll(async () => {
  await t?.app.close();
  rmSync(dir, { recursive: true, force: true });
});

async function walk(verb: 'ListRecords' | 'ListIdentifiers') {
  const started = performance.now();
  let url = `/oai?verb=${verb}&metadataPrefix=oai_dc`;
  let count = 0;
  let requests = 0;
  let bytes = 0;
  for (;;) {
    const response = await t.app.inject({ url });
    requests += 1;
    bytes += response.body.length;
    count += (response.body.match(/<\/header>/g) ?? []).length;
    const token = /<resumptionToken[^>]*>([^<]+)<\/resumptionToken>/.exec(response.body)?.[1];
    if (!token) break;
    url = `/oai?verb=${verb}&resumptionToken=${encodeURIComponent(token)}`;
  }
  const ms = performance.now() - started;
  process.stdout.write(
    `[bench] oai ${verb}: ${count} records in ${requests} requests, ${(ms / 1000).toFixed(1)} s, ${Math.round(count / (ms / 1000))} records/s, ${(bytes / 1024 / 1024).toFixed(1)} MB\n`,
  );
  return count;
}

it('harvests every record by resumption tokens', async () => {
  expect(await walk('ListRecords')).toBe(total);
  expect(await walk('ListIdentifiers')).toBe(total);
}, 600_000);
