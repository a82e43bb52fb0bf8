import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Db } from '../../db/client.ts';
import { seedDatabase } from '../../db/seed/index.ts';
import { institutions, resources, specialists, vocabTerms } from '../../db/schema/index.ts';
import { main as importCli } from '../../server/import.ts';
import { hashPassword } from '../../server/modules/auth/passwords.ts';
import { csvCell, EXPORT_COLUMNS } from '../../server/modules/knowledge/export.ts';
import { importRecords, parseImportFile } from '../../server/modules/knowledge/import.ts';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { openTestDatabase } from '../helpers/postgres.ts';

/** The few vocabulary terms these tests use (the demo vocabularies may hold them already). */
async function addVocabulary(db: Db) {
  const terms: [string, string][] = [
    ['resource_type', 'guide'],
    ['resource_type', 'manual'],
    ['sector', 'C'],
    ['sector', 'F'],
    ['theme', 'tic'],
    ['theme', 'green_skills'],
    ['audience', 'trainers'],
    ['modality', 'online'],
    ['licence', 'cc_by'],
    ['level', 'isced_3'],
    ['expertise', 'curriculum'],
    ['availability', 'mentoring'],
  ];
  await db
    .insert(vocabTerms)
    .values(terms.map(([scheme, code]) => ({ scheme, code, labelEs: code, labelPt: code, labelEn: code })))
    .onConflictDoNothing();
}

const sena = async (db: Db) => (await db.select().from(institutions)).find((i) => i.acronym === 'SENA')!;

async function addResources(db: Db) {
  const senaId = (await sena(db)).id;
  const rows = Array.from({ length: 40 }, (_, i) => ({
    title: i % 4 === 0 ? `Guía de soldadura ${i}` : `Manual de obra ${i}`,
    summary: i % 5 === 0 ? 'Formación de formadores, con "comillas"; y punto y coma' : 'Resumen',
    type: i % 2 === 0 ? 'guide' : 'manual',
    languages: i % 3 === 0 ? ['es', 'pt'] : ['es'],
    countryCode: i % 2 === 0 ? 'CO' : 'AR',
    institutionId: i % 2 === 0 ? senaId : null,
    authors: [`Autora ${i}`, 'Equipo técnico'],
    year: 2010 + (i % 12),
    sector: i % 3 === 0 ? 'C' : 'F',
    topics: i % 2 === 0 ? ['tic'] : ['green_skills', 'tic'],
    audiences: ['trainers'],
    url: i === 7 ? '=HYPERLINK("http://evil.example")' : null,
  }));
  await db.insert(resources).values(rows);
}

describe('export of a filtered list', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await buildTestApp();
    await addVocabulary(t.database.db);
    await addResources(t.database.db);
    await t.database.db
      .insert(specialists)
      .values({
        name: 'Marta Quispe',
        countryCode: 'PE',
        expertise: ['curriculum'],
        languages: ['es'],
        summary: 'Diseño curricular por competencias',
        cv: { education: ['Licenciada en Educación'], experience: ['Coordinadora pedagógica'], publications: ['Guía privada'] },
        availability: ['mentoring'],
        cvVisibility: { education: 'public', experience: 'public', publications: 'members' },
      });
  });
  afterAll(() => t.app.close());

  const listTotal = async (kind: string, query: string) => {
    const response = await t.app.inject({ method: 'GET', url: `/api/${kind}?${query}` });
    expect(response.statusCode, response.body).toBe(200);
    return response.json().total as number;
  };

  it.each([
    ['country=CO&kind=guide'],
    ['sector=F&language=pt'],
    ['q=soldadura&year=2012'],
    ['theme=green_skills'],
    [''],
  ])('CSV and JSON hold exactly what the list counts (%s)', async (query) => {
    const total = await listTotal('resources', query);

    const csv = await t.app.inject({ method: 'GET', url: `/api/resources/export?format=csv&${query}` });
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(csv.headers['content-disposition']).toMatch(/^attachment; filename="minga-resources-\d{8}\.csv"$/);
    const [header, ...rows] = parse(csv.body, { bom: true }) as string[][];
    expect(header).toEqual(EXPORT_COLUMNS.resources);
    expect(rows).toHaveLength(total);

    const json = await t.app.inject({ method: 'GET', url: `/api/resources/export?format=json&${query}` });
    expect(json.headers['content-disposition']).toMatch(/^attachment; filename="minga-resources-\d{8}\.json"$/);
    expect(json.json()).toHaveLength(total);
  });

  it('writes lists joined with "; " in CSV, keeps arrays in JSON, and defuses spreadsheet formulas', async () => {
    const csv = await t.app.inject({ method: 'GET', url: '/api/resources/export?format=csv&kind=manual' });
    const rows = parse(csv.body, { bom: true, columns: true }) as Record<string, string>[];
    const row = rows.find((r) => r.title === 'Manual de obra 7')!;
    expect(row.topics).toBe('green_skills; tic');
    expect(row.authors).toBe('Autora 7; Equipo técnico');
    expect(row.url).toBe(`'=HYPERLINK("http://evil.example")`);
    expect(row.institution).toBe('');

    const json = await t.app.inject({ method: 'GET', url: '/api/resources/export?format=json&country=CO' });
    const item = json.json()[0];
    expect(item.topics).toEqual(['tic']);
    expect(item.institution).toBe('SENA');
    expect(Object.keys(item)).toEqual(EXPORT_COLUMNS.resources);
    expect(csvCell(['a', 'b'])).toBe('a; b');
    expect(csvCell(-3)).toBe('-3');
  });

  it('exports only the public CV fields of specialists', async () => {
    const json = await t.app.inject({ method: 'GET', url: '/api/specialists/export?format=json' });
    const [marta] = json.json();
    expect(marta.education).toEqual(['Licenciada en Educación']);
    expect(marta).not.toHaveProperty('publications');
    expect(json.body).not.toContain('Guía privada');
    const csv = await t.app.inject({ method: 'GET', url: '/api/specialists/export?format=csv' });
    expect(csv.body).not.toContain('Guía privada');
  });

  it('gives a header row for an empty selection and 400 for an unknown format or filter', async () => {
    const csv = await t.app.inject({ method: 'GET', url: '/api/experiences/export?format=csv' });
    expect(parse(csv.body, { bom: true })).toEqual([EXPORT_COLUMNS.experiences]);
    expect((await t.app.inject({ method: 'GET', url: '/api/experiences/export?format=json' })).json()).toEqual([]);
    expect((await t.app.inject({ method: 'GET', url: '/api/resources/export?format=xml' })).statusCode).toBe(400);
    expect((await t.app.inject({ method: 'GET', url: '/api/resources/export?cursor=abc' })).statusCode).toBe(400);
  });
});

describe('import from CSV and JSON', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await buildTestApp();
    await addVocabulary(t.database.db);
  });
  afterAll(() => t.app.close());

  const csvFile = [
    'title,summary,type,languages,countryCode,institution,authors,year,sector,topics,audiences,url',
    'Guía de electricidad domiciliaria,Instalaciones seguras,guide,es; pt,CO,SENA,Ana Pérez; Luis Díaz,2019,F,tic,trainers,https://example.org/guia',
    'Sin tipo conocido,,podcast,es,CO,,,2019,,,,',
    ',Falta el título,guide,es,CO,,,2019,,,,',
    'País inexistente,,manual,es,ZZ,,,2019,,,,',
    'Año imposible y enlace ftp,,manual,es,AR,NOPE,,1800,,,,ftp://example.org/x',
    'Manual de refrigeración industrial,Cadena de frío,manual,es,AR,,Equipo técnico,2021,C,green_skills; tic,,',
  ].join('\n');

  it('stores the good rows, reports each bad one with its row and reasons, and they can be found', async () => {
    const progress: string[] = [];
    const result = await importRecords(t.database.db, 'resources', parseImportFile(csvFile, 'csv'), {
      batchSize: 2,
      locale: 'en',
      onProgress: (done, total) => progress.push(`${done}/${total}`),
    });
    expect(result.total).toBe(6);
    expect(result.imported).toBe(2);
    expect(progress).toEqual(['2/6', '4/6', '6/6']);
    const reasons = Object.fromEntries(result.invalid.map((r) => [r.row, r.reasons.map((x) => `${x.field}:${x.code}`)]));
    expect(reasons).toEqual({
      3: ['type:VOCAB_UNKNOWN'],
      4: ['title:FIELD_REQUIRED'],
      5: ['countryCode:COUNTRY_UNKNOWN'],
      6: ['institution:INSTITUTION_UNKNOWN', 'year:YEAR_INVALID', 'url:URL_INVALID'],
    });
    expect(result.invalid[0].reasons[0].message).toBe('Choose a value from the list.');

    const search = await t.app.inject({ method: 'GET', url: '/api/resources?q=refrigeracion' });
    expect(search.json().total).toBe(1);
    const found = await t.app.inject({ method: 'GET', url: '/api/resources?q=electricidad&institution=' + (await sena(t.database.db)).id });
    const id = found.json().items[0].id;
    const detail = (await t.app.inject({ method: 'GET', url: `/api/resources/${id}` })).json().item;
    expect(detail).toMatchObject({ languages: ['es', 'pt'], authors: ['Ana Pérez', 'Luis Díaz'], year: 2019, institution: { acronym: 'SENA' } });
  });

  it('imports again what it exported (CSV round trip)', async () => {
    const before = (await t.app.inject({ method: 'GET', url: '/api/resources' })).json().total;
    const exported = await t.app.inject({ method: 'GET', url: '/api/resources/export?format=csv' });
    const result = await importRecords(t.database.db, 'resources', parseImportFile(exported.body, 'csv'));
    expect(result.invalid).toEqual([]);
    expect(result.ignoredColumns).toEqual([]);
    expect(result.imported).toBe(before);
    expect((await t.app.inject({ method: 'GET', url: '/api/resources' })).json().total).toBe(before * 2);
  });

  it('reads JSON arrays, with structured fields and refusals of what is not a record', async () => {
    const file = JSON.stringify([
      {
        nationalCode: 'CO-ELE-01',
        title: 'Electricista de redes de distribución',
        countryCode: 'co',
        level: 'isced_3',
        language: 'es',
        units: [{ code: 'U1', title: 'Montar redes aéreas', criteria: ['Usa equipo de protección'] }],
        curriculum: [{ title: 'Redes aéreas', hours: 120 }],
        validatedYear: '2020',
      },
      { nationalCode: 'X', title: 'Sin idioma' },
      { nationalCode: 'Y', title: 'Idioma ajeno a la red', language: 'de' },
      'no soy un objeto',
    ]);
    const result = await importRecords(t.database.db, 'profiles', parseImportFile(file, 'json'), { locale: 'es' });
    expect(result.imported).toBe(1);
    expect(result.invalid.map((r) => [r.row, r.reasons.map((x) => x.code)])).toEqual([
      [2, ['FIELD_REQUIRED']],
      [3, ['LANGUAGE_UNKNOWN']],
      [4, ['VALIDATION_FAILED']],
    ]);
    const list = (await t.app.inject({ method: 'GET', url: '/api/profiles?q=distribucion' })).json();
    expect(list.total).toBe(1);
    const detail = (await t.app.inject({ method: 'GET', url: `/api/profiles/${list.items[0].id}` })).json().item;
    expect(detail).toMatchObject({ countryCode: 'CO', validatedYear: 2020, curriculum: [{ title: 'Redes aéreas', hours: 120 }] });
  });

  it('runs from the command line with progress lines and a JSON report', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'minga-import-'));
    try {
      const dbFile = join(dir, 'minga.db');
      // On PostgreSQL the command gets the database's URL, as on a site that runs on it.
      const { database, seeded, url } = await openTestDatabase({ dbFile });
      if (!seeded) await seedDatabase(database.db, { reference: true, demoAccounts: false, hashPassword });
      await addVocabulary(database.db);
      await database.close();
      writeFileSync(join(dir, 'recursos.csv'), csvFile);

      const out: string[] = [];
      const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
        out.push(String(chunk));
        return true;
      });
      let code: number;
      try {
        code = await importCli(['resources', 'recursos.csv', '--report', 'informe.json'], { MINGA_DB: dbFile, ...(url ? { MINGA_DATABASE_URL: url } : {}), INIT_CWD: dir, MINGA_LOCALE: 'pt' });
      } finally {
        spy.mockRestore();
      }
      expect(code).toBe(0);
      expect(out.join('')).toContain('import: 6/6');
      expect(out.join('')).toContain('import: 2 stored, 4 refused, of 6');
      const report = JSON.parse(readFileSync(join(dir, 'informe.json'), 'utf8'));
      expect(report).toMatchObject({ kind: 'resources', total: 6, imported: 2 });
      expect(report.invalid[0]).toMatchObject({ row: 3, reasons: [{ field: 'type', code: 'VOCAB_UNKNOWN', message: 'Escolha um valor da lista.' }] });

      const check = (await openTestDatabase({ dbFile, skipSeed: true })).database;
      expect(await check.db.select().from(resources)).toHaveLength(2);
      await check.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
