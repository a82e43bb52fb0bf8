import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultRateLimits } from '../../server/config.ts';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { as, buildWorld, replyTo, startThread, type World } from '../helpers/forums.ts';

/**
 * Search parity: the same corpus, the same queries, the same expected results on both engines
 * (SQLite's FTS5 and PostgreSQL's tsvector): `npx vitest run tests/integration/search-parity.test.ts`
 * and `MINGA_DB_ENGINE=pg npx vitest run --project integration-pg tests/integration/search-parity.test.ts`
 * check this one list. Each expectation names results by their label in the corpus, in order.
 */

let t: TestApp;
let w: World;
/** Label → `type:id` of what the corpus made. */
const made = new Map<string, string>();

const THREADS: { label: string; title: string; body: string; replies?: string[]; language?: 'es' | 'pt' | 'en' }[] = [
  { label: 'mig', title: 'Soldadura MIG en el taller', body: 'La soldadura MIG necesita gas. Practicamos soldadura cada semana.' },
  { label: 'arco', title: 'Soldadura por arco', body: 'Electrodos revestidos para principiantes.' },
  {
    label: 'seguridad',
    title: 'Seguridad en el taller',
    body: 'Guantes, careta y ventilación antes de cualquier soldadura, siempre, en cada práctica del curso técnico.',
  },
  {
    label: 'inventario',
    title: 'Inventario de herramientas',
    body: 'Llevamos un registro de herramientas, máquinas de soldadura, tornos, fresadoras, taladros, compresores y muchas otras cosas del taller mecánico de la escuela técnica.',
  },
  { label: 'ensino', title: 'Educação profissional no Brasil', body: 'A formação técnica de nível médio cresce.', language: 'pt' },
  { label: 'dual', title: 'Formación dual en Uruguay', body: 'Aprendices en empresas, con tutores y evaluación.' },
  { label: 'tutores', title: 'Tutores de empresa', body: 'La formación de tutores es clave en la formación dual.' },
  { label: 'mecatronica', title: 'Mecatrónica industrial', body: 'Empecemos por los sensores.', replies: ['La mecatrónica combina mecánica y electrónica.'] },
  { label: 'consulta', title: 'Consulta general', body: 'Hablemos de mecatrónica un poco.' },
  { label: 'correo', title: 'Contacto del programa', body: 'Escriban a info@escuela-tecnica.edu.uy o visiten https://escuela.example.org/cursos-2024 para el curso 3.5.' },
  { label: 'energia', title: 'Energías renovables', body: 'Instalación de paneles solares fotovoltaicos y energía eólica en escuelas rurales.' },
  { label: 'paneles', title: 'Mantenimiento de paneles', body: 'Limpieza de paneles solares; la energía solar rinde más así.' },
];

const RESOURCES: { label: string; title: string; summary: string }[] = [
  { label: 'r-soldadura', title: 'Manual de soldadura', summary: 'Procedimientos de soldadura MIG y TIG para docentes.' },
  { label: 'r-solar', title: 'Guía de energía solar', summary: 'Dimensionar paneles solares para talleres escolares.' },
  { label: 'r-tutorias', title: 'Tutorías en la empresa', summary: 'Cómo acompañar aprendices: formación de tutores.' },
  { label: 'r-evaluacion', title: 'Evaluación por competencias', summary: 'Rúbricas para la formación dual.' },
];

beforeAll(async () => {
  t = await buildTestApp({ rateLimits: { ...defaultRateLimits(), search: { max: 1_000_000, windowMs: 60_000 } } });
  w = await buildWorld(t.app);
  for (const thread of THREADS) {
    const started = await startThread(t.app, w.member, w.forumId, { title: thread.title, body: thread.body, language: thread.language });
    made.set(thread.label, `thread:${started.thread.id}`);
    for (const reply of thread.replies ?? []) await replyTo(t.app, w.moderator, started.thread.id, reply);
  }
  const senai = (t.database.sqlite.prepare("SELECT id FROM institutions WHERE acronym = 'SENAI'").get() as { id: number }).id;
  for (const resource of RESOURCES) {
    const created = await as(t.app, w.admin).post('/api/resources', {
      title: resource.title,
      summary: resource.summary,
      type: 'guide',
      languages: ['es'],
      countryCode: 'BR',
      institutionId: senai,
      authors: ['Ana Souza'],
      year: 2021,
      sector: 'C',
      topics: ['dual'],
      audiences: ['trainers'],
    });
    expect(created.statusCode, created.body).toBe(201);
    made.set(resource.label, `resource:${(created.json().item as { id: number }).id}`);
  }
});
afterAll(async () => {
  await t.app.close();
});

const labelOf = (type: string, id: number) => [...made].find(([, key]) => key === `${type}:${id}`)?.[0] ?? `${type}:${id}`;

async function top(query: string, n = 5): Promise<string[]> {
  const response = await as(t.app, null).get(`/api/search?q=${encodeURIComponent(query)}`);
  expect(response.statusCode, response.body).toBe(200);
  return (response.json().items as { type: string; id: number }[]).slice(0, n).map((i) => labelOf(i.type, i.id));
}

/** The fixed list: a query and the labels of its top results, in order. */
const EXPECTED: [query: string, results: string[]][] = [
  // A title match above a body match; a short text above a long one.
  ['soldadura type:thread', ['arco', 'mig', 'seguridad', 'inventario']],
  // Accents and case folded, on the index and on the query.
  ['EDUCACAO type:thread', ['ensino']],
  ['formacion type:thread', ['dual', 'tutores']],
  // The last word is a prefix; an explicit prefix too.
  ['mecatr', ['mecatronica', 'consulta']],
  ['solda* type:thread', ['arco', 'mig', 'seguridad', 'inventario']],
  // Phrases, and exclusions of a word or a phrase.
  ['"paneles solares" type:thread', ['paneles', 'energia']],
  ['"solares fotovoltaicos"', ['energia']],
  ['soldadura -taller type:thread', ['arco']],
  ['soldadura -"cada semana" type:thread', ['arco', 'seguridad', 'inventario']],
  // Punctuation separates words, as in SQLite: addresses, links and decimals.
  ['escuela tecnica type:thread', ['correo', 'inventario']],
  ['cursos 2024', ['correo']],
  // Knowledge: the title weighs more than the summary.
  ['soldadura type:resource', ['r-soldadura']],
  ['tutores type:resource', ['r-tutorias']],
  ['solares type:resource', ['r-solar']],
  ['dual type:resource', ['r-evaluacion', 'r-tutorias', 'r-solar', 'r-soldadura']],
  // Posts of a thread: the title travels with every post.
  ['mecatronica type:post', ['mecatronica', 'mecatronica', 'consulta']],
];

describe('search parity (the same answers on SQLite and PostgreSQL)', () => {
  it.each(EXPECTED)('%s', async (query, expected) => {
    const posts = query.includes('type:post');
    const found = await top(query, Math.max(5, expected.length));
    if (posts) {
      // A post result names its post: compare by thread.
      const response = await as(t.app, null).get(`/api/search?q=${encodeURIComponent(query)}`);
      const urls = (response.json().items as { url: string }[]).map((i) => Number(/\/t\/(\d+)/.exec(i.url)![1]));
      expect(urls.map((id) => labelOf('thread', id))).toEqual(expected);
      return;
    }
    expect(found).toEqual(expected);
  });

  it('type-ahead offers the same titles, in the same order', async () => {
    const response = await as(t.app, null).get(`/api/search/suggest?q=${encodeURIComponent('sold')}`);
    expect(response.statusCode).toBe(200);
    const groups = response.json().groups as { type: string; items: { id: number; type: string }[] }[];
    expect(groups.map((g) => [g.type, g.items.map((i) => labelOf(i.type, i.id))])).toEqual([
      ['thread', ['arco', 'mig']],
      ['resource', ['r-soldadura']],
    ]);
  });
});
