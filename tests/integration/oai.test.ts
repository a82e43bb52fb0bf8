/**
 * OAI-PMH 2.0 at /oai (issue 17, part 2), on the demo knowledge bases at a small scale, read
 * through a real XML parser: every verb, every error code the protocol names, oai_dc with the
 * fields harvesters use, sets by kind, country and sector, from/until, and a whole harvest walked
 * by resumption tokens with every record exactly once, even when records change on the way.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OpenedDb } from '../../db/client.ts';
import { onPostgres } from '../../db/engine.ts';
import { seedDatabase } from '../../db/seed/index.ts';
import { buildApp, type App } from '../../server/app.ts';
import { defaultRateLimits } from '../../server/config.ts';
import { openTestDatabase } from '../helpers/postgres.ts';

let app: App;
let database: OpenedDb;
const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', isArray: (name) => ['record', 'header', 'setSpec', 'set', 'dc:subject', 'dc:identifier', 'dc:creator', 'dc:language', 'dc:type', 'dc:description', 'metadataFormat'].includes(name) });

beforeAll(async () => {
  database = (await openTestDatabase({ reference: false })).database;
  await seedDatabase(database.db, { reference: true, demoAccounts: true, demoPassword: 'contraseña-de-prueba', scale: 0.02, hashPassword: async () => 'x' });
  app = await buildApp({ config: { clientDir: undefined, rateLimits: defaultRateLimits() }, database, closeDatabase: true, oai: { records: 40, headers: 60 }, mail: { smtpUrl: undefined, from: 'Minga <oai@minga.example>', publicUrl: 'https://minga.example' } });
  await app.ready();
}, 60_000);
afterAll(async () => {
  await app?.close();
});

type Doc = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

async function oai(query: string, method: 'GET' | 'POST' = 'GET'): Promise<Doc> {
  const response =
    method === 'GET'
      ? await app.inject({ url: `/oai?${query}` })
      : await app.inject({ method: 'POST', url: '/oai', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: query });
  expect(response.statusCode).toBe(200);
  expect(response.headers['content-type']).toMatch(/^text\/xml/);
  expect(XMLValidator.validate(response.body), response.body.slice(0, 300)).toBe(true);
  const doc = parser.parse(response.body)['OAI-PMH'];
  expect(doc['@xmlns']).toBe('http://www.openarchives.org/OAI/2.0/');
  expect(doc.responseDate).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
  expect(doc.request['#text'] ?? doc.request).toBe('https://minga.example/oai');
  return doc;
}
const errorOf = async (query: string) => (await oai(query)).error?.['@code'];
const total = () =>
  (['resources', 'experiences', 'profiles', 'specialists', 'institutions'] as const).reduce(
    (sum, table) => sum + (database.sqlite.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n,
    0,
  );

/** Walks a list to its end; returns every header seen and how many requests it took. */
async function harvest(first: string, verb: 'ListIdentifiers' | 'ListRecords', between?: (page: number) => void) {
  const seen: Doc[] = [];
  let doc = await oai(first);
  let requests = 1;
  let size: number | null = null;
  for (;;) {
    const list = doc[verb];
    if (!list) throw new Error(JSON.stringify(doc.error));
    const items = verb === 'ListRecords' ? list.record.map((r: Doc) => ({ ...r.header[0], metadata: r.metadata })) : list.header;
    seen.push(...items);
    const token = list.resumptionToken;
    if (token && size === null) size = Number(token['@completeListSize']);
    const next = typeof token === 'object' ? token['#text'] : token;
    if (!next) break;
    between?.(requests);
    doc = await oai(`verb=${verb}&resumptionToken=${encodeURIComponent(next)}`);
    requests += 1;
  }
  return { seen, requests, size };
}

describe('OAI-PMH', () => {
  it('identifies itself and its one metadata format, and lists its sets', async () => {
    const identify = (await oai('verb=Identify')).Identify;
    expect(identify).toMatchObject({ repositoryName: 'Minga', baseURL: 'https://minga.example/oai', protocolVersion: 2, adminEmail: 'oai@minga.example', deletedRecord: 'persistent', granularity: 'YYYY-MM-DDThh:mm:ssZ' });
    expect(identify.earliestDatestamp).toMatch(/Z$/);
    const formats = (await oai('verb=ListMetadataFormats')).ListMetadataFormats.metadataFormat;
    expect(formats.map((f: Doc) => f.metadataPrefix)).toEqual(['oai_dc']);
    const specs = (await oai('verb=ListSets')).ListSets.set.map((s: Doc) => s.setSpec[0]);
    expect(specs).toEqual(expect.arrayContaining(['kind:resource', 'kind:experience', 'kind:profile', 'kind:specialist', 'kind:institution', 'country:BR', 'sector:C']));
  });

  it('answers every error the protocol names', async () => {
    expect(await errorOf('verb=Dance')).toBe('badVerb');
    expect(await errorOf('')).toBe('badVerb');
    expect(await errorOf('verb=Identify&verb=Identify')).toBe('badArgument');
    expect(await errorOf('verb=Identify&extra=1')).toBe('badArgument');
    expect(await errorOf('verb=ListRecords')).toBe('badArgument');
    expect(await errorOf('verb=ListRecords&metadataPrefix=oai_dc&from=ayer')).toBe('badArgument');
    expect(await errorOf('verb=ListRecords&metadataPrefix=oai_dc&from=2020-01-01&until=2021-01-01T00:00:00Z')).toBe('badArgument');
    expect(await errorOf('verb=ListRecords&metadataPrefix=oai_dc&resumptionToken=x')).toBe('badArgument');
    expect(await errorOf('verb=ListRecords&metadataPrefix=marc21')).toBe('cannotDisseminateFormat');
    expect(await errorOf('verb=GetRecord&metadataPrefix=oai_dc&identifier=oai:minga.example:resource/99999999')).toBe('idDoesNotExist');
    expect(await errorOf('verb=GetRecord&metadataPrefix=oai_dc&identifier=oai:elsewhere.org:resource/1')).toBe('idDoesNotExist');
    expect(await errorOf('verb=GetRecord&metadataPrefix=marc21&identifier=oai:minga.example:resource/1')).toBe('cannotDisseminateFormat');
    expect(await errorOf('verb=ListMetadataFormats&identifier=oai:minga.example:profile/99999999')).toBe('idDoesNotExist');
    expect(await errorOf('verb=ListIdentifiers&metadataPrefix=oai_dc&until=1990-01-01')).toBe('noRecordsMatch');
    expect(await errorOf('verb=ListIdentifiers&metadataPrefix=oai_dc&set=country:ZZ')).toBe('noRecordsMatch');
    expect(await errorOf('verb=ListIdentifiers&metadataPrefix=oai_dc&set=planets:mars')).toBe('noRecordsMatch');
    expect(await errorOf('verb=ListRecords&resumptionToken=bm90LWEtdG9rZW4')).toBe('badResumptionToken');
    expect(await errorOf('verb=ListSets&resumptionToken=abc')).toBe('badResumptionToken');
    // An error about arguments echoes none of them.
    const bad = await oai('verb=Dance&x=<script>');
    expect(bad.request['@verb']).toBeUndefined();
  });

  it('gives a record in Dublin Core, by GET and by POST', async () => {
    const row = database.sqlite.prepare('SELECT r.id, r.title, r.country_code AS country, r.sector, i.name AS institution FROM resources r JOIN institutions i ON i.id = r.institution_id LIMIT 1').get() as {
      id: number;
      title: string;
      country: string;
      sector: string;
      institution: string;
    };
    const id = `oai:minga.example:resource/${row.id}`;
    for (const method of ['GET', 'POST'] as const) {
      const record = (await oai(`verb=GetRecord&metadataPrefix=oai_dc&identifier=${encodeURIComponent(id)}`, method)).GetRecord.record[0];
      expect(record.header[0].identifier).toBe(id);
      expect(record.header[0].setSpec).toEqual(expect.arrayContaining(['kind:resource', `country:${row.country}`]));
      const dc = record.metadata['oai_dc:dc'];
      expect(dc['dc:title']).toBe(row.title);
      expect(dc['dc:publisher']).toBe(row.institution);
      expect(dc['dc:identifier'][0]).toBe(`https://minga.example/knowledge/resources/${row.id}`);
      expect(dc['dc:subject'].length).toBeGreaterThan(0);
      expect(dc['dc:language'].length).toBeGreaterThan(0);
      expect(typeof dc['dc:coverage']).toBe('string');
      expect(dc['dc:type']).toContain('Text');
    }
    // A specialist's record carries the public summary, never a members-only CV section.
    const specialist = database.sqlite.prepare(`SELECT id, cv FROM specialists WHERE ${onPostgres ? "cv_visibility::json ->> 'experience'" : "json_extract(cv_visibility, '$.experience')"} = 'members' LIMIT 1`).get() as
      | { id: number; cv: string }
      | undefined;
    if (specialist) {
      const text = JSON.stringify((await oai(`verb=GetRecord&metadataPrefix=oai_dc&identifier=oai:minga.example:specialist/${specialist.id}`)).GetRecord);
      for (const line of (JSON.parse(specialist.cv) as { experience: string[] }).experience) expect(text).not.toContain(line.slice(0, 40));
    }
  });

  it('walks a whole harvest by resumption tokens: every record once, the size announced, stable while records change', async () => {
    const all = total();
    let edited = 0;
    const { seen, requests, size } = await harvest('verb=ListIdentifiers&metadataPrefix=oai_dc', 'ListIdentifiers', () => {
      // Records change while the harvest goes on: they come with the next harvest, not twice in this one.
      database.sqlite.prepare('UPDATE resources SET updated_at = ? WHERE id IN (SELECT id FROM resources ORDER BY id DESC LIMIT 3)').run(Date.now() + 5_000);
      edited += 3;
    });
    const ids = seen.map((h) => h.identifier);
    expect(new Set(ids).size).toBe(ids.length);
    expect(requests).toBeGreaterThan(3);
    expect(size).toBe(all);
    // The three newest resources changed after the harvest began: they wait for the next one.
    expect(edited).toBeGreaterThan(0);
    expect(ids.length).toBe(all - 3);

    const records = await harvest('verb=ListRecords&metadataPrefix=oai_dc&set=kind:experience', 'ListRecords');
    const experiences = (database.sqlite.prepare('SELECT count(*) AS n FROM experiences').get() as { n: number }).n;
    expect(records.seen.length).toBe(experiences);
    expect(records.seen.every((h) => String(h.identifier).startsWith('oai:minga.example:experience/'))).toBe(true);
  });

  it('narrows by set and by dates', async () => {
    const br = await harvest('verb=ListIdentifiers&metadataPrefix=oai_dc&set=country:BR', 'ListIdentifiers');
    expect(br.seen.length).toBeGreaterThan(0);
    expect(br.seen.every((h) => h.setSpec.includes('country:BR'))).toBe(true);
    const sector = await harvest('verb=ListIdentifiers&metadataPrefix=oai_dc&set=sector:C', 'ListIdentifiers');
    expect(sector.seen.every((h) => h.setSpec.includes('sector:C'))).toBe(true);

    database.sqlite.prepare('UPDATE profiles SET updated_at = ? WHERE id = (SELECT min(id) FROM profiles)').run(Date.UTC(2031, 0, 2, 10, 0, 0));
    expect(await errorOf('verb=ListIdentifiers&metadataPrefix=oai_dc&from=2031-01-01')).toBe('noRecordsMatch');
    // The future is past "now": a harvest never reaches beyond its own moment. A record dated
    // within the window is found by day and by second.
    database.sqlite.prepare('UPDATE profiles SET updated_at = ? WHERE id = (SELECT min(id) FROM profiles)').run(Date.UTC(2026, 0, 2, 10, 0, 0));
    const day = await harvest('verb=ListIdentifiers&metadataPrefix=oai_dc&from=2026-01-02&until=2026-01-02', 'ListIdentifiers');
    expect(day.seen.map((h) => h.datestamp)).toContain('2026-01-02T10:00:00Z');
    const second = await harvest('verb=ListIdentifiers&metadataPrefix=oai_dc&from=2026-01-02T10:00:00Z&until=2026-01-02T10:00:00Z', 'ListIdentifiers');
    expect(second.seen.map((h) => h.datestamp)).toEqual(['2026-01-02T10:00:00Z']);
  });
});
