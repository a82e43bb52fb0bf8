/**
 * OAI-PMH and withdrawn records (issue 17, `deletedRecord: persistent`): a withdrawn record is a
 * header with status="deleted", dated by its withdrawal, with its sets and no metadata, in
 * GetRecord, ListRecords and ListIdentifiers; from/until select on that date; a restored record
 * comes back whole with a new datestamp; and a harvest under way when records are withdrawn
 * neither repeats nor loses one.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OpenedDb } from '../../db/client.ts';
import { seedDatabase } from '../../db/seed/index.ts';
import { buildApp, type App } from '../../server/app.ts';
import { defaultRateLimits } from '../../server/config.ts';
import { hashPassword } from '../../server/modules/auth/passwords.ts';
import { registerUser } from '../helpers/accounts.ts';
import { as } from '../helpers/forums.ts';
import { openTestDatabase } from '../helpers/postgres.ts';

type Doc = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

let app: App;
let database: OpenedDb;
let editor: Awaited<ReturnType<typeof registerUser>>;
const resources: number[] = [];
const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', isArray: (name) => ['record', 'header', 'setSpec'].includes(name) });

beforeAll(async () => {
  database = (await openTestDatabase({ reference: false })).database;
  await seedDatabase(database.db, { reference: true, demoAccounts: false, hashPassword });
  app = await buildApp({
    config: { clientDir: undefined, rateLimits: defaultRateLimits() },
    database,
    closeDatabase: true,
    oai: { records: 3, headers: 4 },
    mail: { smtpUrl: undefined, from: 'Minga <oai@minga.example>', publicUrl: 'https://minga.example' },
  });
  await app.ready();
  editor = await registerUser(app);
  database.sqlite.prepare("UPDATE users SET role = 'editor' WHERE id = ?").run(editor.user.id);
  for (let n = 1; n <= 14; n += 1) {
    const response = await as(app, editor).post('/api/resources', {
      title: `Guía de mantenimiento industrial ${n}`,
      summary: 'Mantenimiento preventivo en plantas industriales.',
      type: 'guide',
      languages: ['es'],
      countryCode: 'CO',
      sector: 'C',
    });
    if (response.statusCode !== 201) throw new Error(response.body);
    resources.push(response.json().item.id);
  }
}, 60_000);
afterAll(async () => {
  await app?.close();
});

async function oai(query: string): Promise<Doc> {
  const response = await app.inject({ url: `/oai?${query}` });
  expect(response.statusCode).toBe(200);
  expect(XMLValidator.validate(response.body)).toBe(true);
  return parser.parse(response.body)['OAI-PMH'];
}

const identifier = (id: number) => `oai:minga.example:resource/${id}`;
const withdraw = (id: number, reason = 'Duplicado') => as(app, editor).post(`/api/resources/${id}/withdraw`, { reason });
const restore = (id: number) => as(app, editor).post(`/api/resources/${id}/restore`);
const setWithdrawnAt = (id: number, at: number) => database.sqlite.prepare('UPDATE resources SET withdrawn_at = ? WHERE id = ?').run(at, id);

/** Walks a list to its end through its resumption tokens; `between` runs after each answer but the last. */
async function harvest(first: string, verb: 'ListIdentifiers' | 'ListRecords', between?: (page: number) => Promise<void>) {
  const seen: Doc[] = [];
  let doc = await oai(first);
  const startedAt = doc.responseDate as string;
  for (let page = 1; ; page += 1) {
    const list = doc[verb];
    if (!list) throw new Error(JSON.stringify(doc.error));
    seen.push(...(verb === 'ListRecords' ? list.record.map((r: Doc) => ({ ...r.header[0], metadata: r.metadata })) : list.header));
    const token = list.resumptionToken;
    const next = typeof token === 'object' ? token['#text'] : token;
    if (!next) break;
    await between?.(page);
    doc = await oai(`verb=${verb}&resumptionToken=${encodeURIComponent(next)}`);
  }
  return { seen, startedAt };
}

describe('OAI-PMH and withdrawn records', () => {
  it('reports a withdrawn record as deleted, dated by its withdrawal, with its sets and without metadata', async () => {
    const id = resources[0]!;
    expect((await withdraw(id)).statusCode).toBe(200);
    const at = Date.UTC(2026, 2, 4, 5, 6, 7);
    setWithdrawnAt(id, at);

    const got = (await oai(`verb=GetRecord&metadataPrefix=oai_dc&identifier=${identifier(id)}`)).GetRecord.record[0];
    expect(got.header[0]).toMatchObject({ '@status': 'deleted', identifier: identifier(id), datestamp: '2026-03-04T05:06:07Z' });
    expect(got.header[0].setSpec).toEqual(expect.arrayContaining(['kind:resource', 'country:CO', 'sector:C']));
    expect(got.metadata).toBeUndefined();

    const records = await harvest('verb=ListRecords&metadataPrefix=oai_dc&set=kind:resource', 'ListRecords');
    const inRecords = records.seen.filter((h) => h.identifier === identifier(id));
    expect(inRecords).toHaveLength(1);
    expect(inRecords[0]).toMatchObject({ '@status': 'deleted', datestamp: '2026-03-04T05:06:07Z', metadata: undefined });
    expect(records.seen.filter((h) => h['@status'] === undefined).every((h) => h.metadata)).toBe(true);

    const headers = await harvest('verb=ListIdentifiers&metadataPrefix=oai_dc&set=kind:resource', 'ListIdentifiers');
    expect(headers.seen.find((h) => h.identifier === identifier(id))).toMatchObject({ '@status': 'deleted', datestamp: '2026-03-04T05:06:07Z' });
    expect(headers.seen.filter((h) => h['@status'] === 'deleted').map((h) => h.identifier)).toEqual([identifier(id)]);

    // from/until select on the withdrawal's date, by day and by second.
    const day = await harvest('verb=ListIdentifiers&metadataPrefix=oai_dc&from=2026-03-04&until=2026-03-04', 'ListIdentifiers');
    expect(day.seen.map((h) => [h.identifier, h['@status']])).toEqual([[identifier(id), 'deleted']]);
    const second = await oai('verb=ListIdentifiers&metadataPrefix=oai_dc&from=2026-03-04T05:06:08Z&until=2026-03-05T00:00:00Z');
    expect(second.error?.['@code']).toBe('noRecordsMatch');
    const before = await oai('verb=ListIdentifiers&metadataPrefix=oai_dc&until=2026-03-04T05:06:06Z');
    expect(JSON.stringify(before)).not.toContain(identifier(id));

    // Restored: a whole record again, dated now.
    const restoredAt = Date.now();
    expect((await restore(id)).statusCode).toBe(200);
    const back = (await oai(`verb=GetRecord&metadataPrefix=oai_dc&identifier=${identifier(id)}`)).GetRecord.record[0];
    expect(back.header[0]['@status']).toBeUndefined();
    expect(Date.parse(back.header[0].datestamp)).toBeGreaterThanOrEqual(Math.floor(restoredAt / 1000) * 1000);
    expect(back.metadata['oai_dc:dc']['dc:title']).toBe('Guía de mantenimiento industrial 1');
    const since = await harvest(`verb=ListIdentifiers&metadataPrefix=oai_dc&from=${back.header[0].datestamp}`, 'ListIdentifiers');
    expect(since.seen.find((h) => h.identifier === identifier(id))?.['@status']).toBeUndefined();
  });

  it('keeps a harvest whole while records are withdrawn: none twice, none lost, the withdrawn ones deleted in the next harvest', async () => {
    const expected = (await harvest('verb=ListIdentifiers&metadataPrefix=oai_dc&set=kind:resource', 'ListIdentifiers')).seen.map((h) => h.identifier);
    expect(expected).toHaveLength(resources.length);
    const early = resources[1]!; // on the first page: harvested before it is withdrawn
    const late = resources.at(-2)!; // on the last page: withdrawn before the harvest reaches it
    const { seen, startedAt } = await harvest('verb=ListRecords&metadataPrefix=oai_dc&set=kind:resource', 'ListRecords', async (page) => {
      if (page === 1) {
        expect((await withdraw(early)).statusCode).toBe(200);
        expect((await withdraw(late)).statusCode).toBe(200);
      }
    });
    const ids = seen.map((h) => h.identifier);
    expect(new Set(ids).size).toBe(ids.length);
    // Everything not changed during the harvest came, once; the early one as it was when harvested.
    expect(ids).toEqual(expected.filter((i) => i !== identifier(late)));
    expect(seen.find((h) => h.identifier === identifier(early))?.['@status']).toBeUndefined();
    // The one withdrawn ahead of the harvest changed after it began: the next harvest says it is deleted, as it does the early one.
    const next = await harvest(`verb=ListIdentifiers&metadataPrefix=oai_dc&set=kind:resource&from=${startedAt}`, 'ListIdentifiers');
    const deleted = next.seen.filter((h) => h['@status'] === 'deleted').map((h) => h.identifier);
    expect(deleted.sort()).toEqual([identifier(early), identifier(late)].sort());
  });
});
