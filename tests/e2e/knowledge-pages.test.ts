import { eq } from 'drizzle-orm';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { experienceResources, specialists } from '../../db/schema/index.ts';
import { registerUser } from '../helpers/accounts.ts';
import { as, buildWorld, startThread, type World } from '../helpers/forums.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { launchBrowser, newVisitor } from './support/browser.ts';
import { ensureClientBuilt } from './support/client-build.ts';

type Account = World['admin'];

let server: TestServer;
let browser: Browser;
let world: World;
/** Ids of the records the tests read, by a short name. */
const ids: Record<string, number> = {};
const pageErrors: string[][] = [];

async function create(account: Account, kind: string, fields: Record<string, unknown>): Promise<number> {
  const response = await as(server.app, account).post(`/api/${kind}`, fields);
  if (response.statusCode !== 201) throw new Error(`${kind}: ${response.statusCode} ${response.body}`);
  return response.json().item.id as number;
}

/**
 * A small knowledge base: five resources in three countries and three languages, a profile
 * with units and a curriculum, an experience with a related resource and two specialists (one
 * taking questions, with an account). The first account registered is the admin, an editor.
 */
async function seedKnowledge(admin: Account) {
  const institutions = new Map<string, number>();
  let cursor: string | null = null;
  do {
    const page: { items: { id: number; acronym: string; countryCode: string }[]; nextCursor: string | null } = (
      await as(server.app, null).get(`/api/institutions?limit=100${cursor ? `&cursor=${cursor}` : ''}`)
    ).json();
    for (const item of page.items) institutions.set(`${item.countryCode}:${item.acronym}`, item.id);
    cursor = page.nextCursor;
  } while (cursor);
  const institution = (key: string) => institutions.get(key) ?? (() => { throw new Error(`no institution ${key}`); })();

  ids.guide = await create(admin, 'resources', {
    title: 'Guía de evaluación por competencias',
    summary: 'Cómo preparar, aplicar y registrar una evaluación de competencias laborales.',
    type: 'guide',
    languages: ['es'],
    countryCode: 'UY',
    institutionId: institution('UY:UTU'),
    authors: ['Ana Suárez', 'Luis Pérez'],
    year: 2021,
    sector: 'P',
    topics: ['rpl'],
    url: 'https://www.utu.edu.uy/guia-evaluacion',
  });
  ids.tutors = await create(admin, 'resources', {
    title: 'Guía de tutores en la empresa',
    type: 'guide',
    languages: ['es', 'pt'],
    countryCode: 'UY',
    institutionId: institution('UY:INEFOP'),
    year: 2023,
    topics: ['inclusion'],
  });
  ids.welding = await create(admin, 'resources', {
    title: 'Manual de soldadura MIG',
    type: 'manual',
    languages: ['es'],
    countryCode: 'CO',
    institutionId: institution('CO:SENA'),
    year: 2019,
    sector: 'C',
  });
  ids.dual = await create(admin, 'resources', {
    title: 'Manual de formação dual',
    type: 'manual',
    languages: ['pt'],
    countryCode: 'BR',
    institutionId: institution('BR:SENAI'),
    year: 2022,
    sector: 'C',
  });
  ids.solar = await create(admin, 'resources', {
    title: 'Curriculum for solar energy technicians',
    type: 'curriculum',
    languages: ['en'],
    countryCode: 'TT',
    institutionId: institution('TT:NTA'),
    year: 2020,
    sector: 'D',
  });
  ids.profile = await create(admin, 'profiles', {
    nationalCode: 'UY-SOL-01',
    title: 'Soldador MIG-MAG',
    sector: 'C',
    countryCode: 'UY',
    institutionId: institution('UY:UTU'),
    level: '3',
    purpose: 'Unir piezas metálicas con procesos MIG y MAG según las normas de seguridad.',
    units: [
      { code: 'U1', title: 'Preparar el equipo de soldadura', criteria: ['Verifica el estado de la fuente', 'Ajusta el caudal del gas'] },
      { code: 'U2', title: 'Soldar en todas las posiciones', criteria: ['Ejecuta cordones sin defectos'] },
    ],
    curriculum: [
      { title: 'Seguridad en el taller', hours: 20 },
      { title: 'Soldadura MIG-MAG', hours: 120 },
    ],
    language: 'es',
  });
  ids.experience = await create(admin, 'experiences', {
    title: 'Formación dual en la construcción',
    summary: 'Aprendices que alternan el centro de formación y la obra.',
    theme: 'productivity',
    countryCode: 'BR',
    institutionId: institution('BR:SENAI'),
    startYear: 2019,
    endYear: 2022,
    partners: ['Cámara de la construcción'],
    results: 'El 80 % de los aprendices consiguió empleo en el sector.',
    languages: ['pt'],
  });
  server.database.db.insert(experienceResources).values({ experienceId: ids.experience, resourceId: ids.dual }).run();

  const expertise = (await as(server.app, null).get('/api/vocabularies/expertise')).json().items[0].code as string;
  ids.specialist = await create(admin, 'specialists', {
    name: 'María Fernanda Rojas',
    institutionId: institution('CO:SENA'),
    countryCode: 'CO',
    expertise: [expertise],
    languages: ['es', 'en'],
    summary: 'Diseña programas de formación dual con empresas del sector metalmecánico.',
    cv: { education: ['Ingeniera industrial, Universidad Nacional'], experience: ['SENA, 2010–2024'], publications: [] },
    availability: ['answering', 'mentoring'],
  });
  ids.quiet = await create(admin, 'specialists', {
    name: 'Joaquim Tavares',
    countryCode: 'BR',
    expertise: [expertise],
    languages: ['pt'],
    availability: ['speaking'],
  });
  // The specialist has an account (an import links them; the API does not).
  const account = await registerUser(server.app, { displayName: 'María F. Rojas' });
  server.database.db.update(specialists).set({ userId: account.user.id }).where(eq(specialists.id, ids.specialist)).run();
}

beforeAll(async () => {
  await ensureClientBuilt();
  [server, browser] = await Promise.all([startTestServer(), launchBrowser()]);
  const admin = await registerUser(server.app, { displayName: 'Editora Alba' });
  expect(admin.user.role).toBe('admin');
  world = await buildWorld(server.app, { admin });
  await as(server.app, world.member).patch('/api/me', { displayName: 'Rosa Quispe' });
  await seedKnowledge(admin);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  expect(pageErrors.flat()).toEqual([]);
});

async function visitor(account: Account | null, viewport?: { width: number; height: number }) {
  const opened = await newVisitor(browser, server.url);
  pageErrors.push(opened.pageErrors);
  if (viewport) await opened.page.setViewportSize(viewport);
  if (account) {
    const [name, value] = account.cookie.split('=');
    await opened.context.addCookies([{ name: name!, value: value!, url: server.url }]);
  }
  return opened;
}

const heading = (page: Page, name: string | RegExp) => page.getByRole('heading', { level: 1, name });
const facet = (page: Page, group: string) => page.getByRole('group', { name: group, exact: true });
const results = (page: Page) => page.locator('.results article h3').allTextContents();
const total = (page: Page) => page.locator('.results .total');
const search = (page: Page) => new URL(page.url()).searchParams;

/** The value beside a label in a record's list of fields. */
const fieldValue = (page: Page, label: string) =>
  page.locator('dl.fields .row').filter({ has: page.locator('dt', { hasText: new RegExp(`^${label.replace(/[()]/g, '\\$&')}$`) }) }).locator('dd');

describe('the knowledge pages, in the browser', () => {
  it('narrows a list with facets whose counts combine, and keeps the filters in the address', async () => {
    const { page, context } = await visitor(null);
    await page.goto('/knowledge');
    await heading(page, 'Conocimiento').waitFor();
    const resourcesCard = page.locator('.bases li', { has: page.getByRole('link', { name: 'Recursos didácticos' }) });
    await resourcesCard.getByText('5 recursos').waitFor();
    await page.locator('.bases li', { hasText: 'Especialistas' }).getByText('2 especialistas').waitFor();

    // The landing page's search goes to the chosen base.
    await page.getByLabel('Buscar en las bases').fill('soldadura');
    await page.getByRole('button', { name: 'Buscar' }).click();
    await heading(page, 'Recursos didácticos').waitFor();
    expect(search(page).get('q')).toBe('soldadura');
    await expect.poll(() => results(page)).toEqual(['Manual de soldadura MIG']);
    await page.getByRole('link', { name: /Quitar el filtro Palabras: soldadura/ }).click();
    await expect.poll(() => results(page)).toHaveLength(5);
    await total(page).getByText('5 recursos').waitFor();

    // Facet values carry labels in the reader's language, and counts.
    const country = facet(page, 'País');
    await country.getByLabel(/Uruguay/).waitFor();
    expect(await country.locator('label', { hasText: 'Uruguay' }).locator('.count').textContent()).toBe('2');
    await facet(page, 'Tipo de recurso').getByLabel(/Guía/).waitFor();
    await facet(page, 'Institución').getByLabel(/UTU/).waitFor();

    await country.getByLabel(/Uruguay/).check();
    await expect.poll(() => search(page).get('country')).toBe('UY');
    await total(page).getByText('2 recursos').waitFor();
    expect((await results(page)).toSorted()).toEqual(['Guía de evaluación por competencias', 'Guía de tutores en la empresa']);
    // The other facets now count within Uruguay: two in Spanish, one of them also in Portuguese.
    const language = facet(page, 'Idioma');
    await expect.poll(() => language.locator('label', { hasText: 'Portugués' }).locator('.count').textContent()).toBe('1');
    expect(await language.locator('label', { hasText: 'Español' }).locator('.count').textContent()).toBe('2');
    // …while the country facet still offers the others.
    expect(await country.locator('label', { hasText: 'Brasil' }).locator('.count').textContent()).toBe('1');

    await facet(page, 'Año').getByLabel(/2023/).check();
    await expect.poll(() => results(page)).toEqual(['Guía de tutores en la empresa']);
    expect(search(page).get('year')).toBe('2023');
    await page.getByRole('link', { name: 'Quitar el filtro País: Uruguay' }).waitFor();
    await page.getByRole('link', { name: 'Quitar el filtro Año: 2023' }).waitFor();

    // A reload keeps everything; back goes to the previous filters.
    await page.reload();
    await heading(page, 'Recursos didácticos').waitFor();
    await expect.poll(() => results(page)).toEqual(['Guía de tutores en la empresa']);
    expect(await facet(page, 'País').getByLabel(/Uruguay/).isChecked()).toBe(true);
    expect(await facet(page, 'Año').getByLabel(/2023/).isChecked()).toBe(true);
    await page.goBack();
    await expect.poll(() => search(page).get('year')).toBeNull();
    await total(page).getByText('2 recursos').waitFor();

    // Selecting a value again removes its filter.
    await facet(page, 'País').getByLabel(/Uruguay/).uncheck();
    await total(page).getByText('5 recursos').waitFor();
    expect(search(page).get('country')).toBeNull();

    // Sorting by title is kept in the address too.
    await page.getByLabel('Ordenar por').selectOption('title');
    await expect.poll(() => results(page)).toEqual([
      'Curriculum for solar energy technicians',
      'Guía de evaluación por competencias',
      'Guía de tutores en la empresa',
      'Manual de formação dual',
      'Manual de soldadura MIG',
    ]);
    expect(search(page).get('sort')).toBe('title');
    // Export links carry the same filters.
    expect(await page.getByRole('link', { name: 'CSV' }).getAttribute('href')).toBe('/api/resources/export?sort=title&format=csv');
    await facet(page, 'País').getByLabel(/Uruguay/).check();
    await total(page).getByText('2 recursos').waitFor();
    const csvHref = await page.getByRole('link', { name: 'CSV' }).getAttribute('href');
    expect(csvHref).toBe('/api/resources/export?country=UY&sort=title&format=csv');
    const csv = await page.request.get(csvHref!);
    expect(csv.status()).toBe(200);
    const rows = (await csv.text()).trim().split('\n');
    expect(rows).toHaveLength(3);
    expect(rows[1]).toContain('Guía de evaluación por competencias');
    const json = await page.request.get((await page.getByRole('link', { name: 'JSON' }).getAttribute('href'))!);
    expect(json.status()).toBe(200);
    await context.close();

    // On a phone the facets wait behind a "Filters" button.
    const phone = await visitor(null, { width: 375, height: 800 });
    await phone.page.goto('/knowledge/resources?country=UY');
    await phone.page.locator('.results .total', { hasText: '2 recursos' }).waitFor();
    expect(await facet(phone.page, 'País').isVisible()).toBe(false);
    const toggle = phone.page.getByRole('button', { name: 'Filtros (1)' });
    expect(await toggle.getAttribute('aria-expanded')).toBe('false');
    await toggle.click();
    await facet(phone.page, 'País').waitFor();
    expect(await facet(phone.page, 'País').getByLabel(/Uruguay/).isChecked()).toBe(true);
    expect(await phone.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await phone.context.close();
  });

  it('shows a record with labelled fields, what it relates to and the discussions that cite it', async () => {
    const { page, context } = await visitor(null);
    await page.goto('/knowledge/resources?country=UY');
    await page.getByRole('link', { name: 'Guía de evaluación por competencias' }).click();
    await heading(page, 'Guía de evaluación por competencias').waitFor();
    expect(page.url()).toBe(`${server.url}/knowledge/resources/${ids.guide}`);
    await page.getByText('Ana Suárez, Luis Pérez').first().waitFor();
    expect(await fieldValue(page, 'Tipo de recurso').textContent()).toBe('Guía');
    expect(await fieldValue(page, 'País').textContent()).toBe('Uruguay');
    expect(await fieldValue(page, 'Sector productivo').textContent()).toBe('Enseñanza');
    expect(await fieldValue(page, 'Idiomas').textContent()).toBe('Español');
    expect(await fieldValue(page, 'Temas').textContent()).toBe('Reconocimiento de competencias (RAP)');
    await fieldValue(page, 'Institución').getByRole('link', { name: 'UTU' }).waitFor();
    expect(await fieldValue(page, 'Dirección web').getByRole('link').getAttribute('href')).toBe('https://www.utu.edu.uy/guia-evaluacion');
    await page.getByText('Este recurso no tiene un archivo adjunto.').waitFor();
    const discussed = page.getByRole('region', { name: 'Se habla de esto en' });
    await discussed.getByText('Todavía ninguna conversación lo cita.').waitFor();
    await discussed.getByText(`[[resource:${ids.guide}]]`).waitFor();
    // Visitors are invited to log in to suggest a correction; no editing tools.
    await page.getByRole('link', { name: 'Inicie sesión para sugerir una corrección' }).waitFor();
    expect(await page.getByRole('link', { name: 'Editar' }).count()).toBe(0);

    // A post cites it: the page lists the discussion, linked to the post.
    const { thread, post } = await startThread(server.app, world.member, world.forumId, {
      title: 'Evaluar competencias en la escuela técnica',
      body: `Nos sirvió mucho la [[resource:${ids.guide}]].`,
    });
    await page.reload();
    const citing = discussed.getByRole('link', { name: 'Evaluar competencias en la escuela técnica' });
    await citing.waitFor();
    expect(await citing.getAttribute('href')).toBe(`/t/${thread.id}#post-${post.id}`);

    // In English, codes read in English.
    await page.getByTestId('language-switcher').selectOption('en');
    await heading(page, 'Guía de evaluación por competencias').waitFor();
    await fieldValue(page, 'Type of resource').getByText('Guide').waitFor();
    expect(await fieldValue(page, 'Topics').textContent()).toBe('Competency recognition (RPL)');
    await page.getByTestId('language-switcher').selectOption('es');

    // A profile: units with their criteria, the curriculum with its total.
    await page.goto(`/knowledge/profiles/${ids.profile}`);
    await heading(page, 'Soldador MIG-MAG').waitFor();
    expect(await fieldValue(page, 'Nivel (CINE)').textContent()).toBe('Educación secundaria alta');
    const units = page.getByRole('region', { name: 'Unidades de competencia' });
    await units.getByRole('heading', { name: 'U1 Preparar el equipo de soldadura' }).waitFor();
    await units.getByText('2 criterios de desempeño').waitFor();
    await units.getByText('Ajusta el caudal del gas').waitFor();
    const curriculum = page.getByRole('region', { name: 'Diseño curricular' });
    expect(await curriculum.locator('tfoot').textContent()).toContain('140');

    // An experience with its related resource and period.
    await page.goto(`/knowledge/experiences/${ids.experience}`);
    await heading(page, 'Formación dual en la construcción').waitFor();
    expect(await fieldValue(page, 'Período').textContent()).toBe('2019–2022');
    await page.getByRole('region', { name: 'Recursos relacionados' }).getByRole('link', { name: 'Manual de formação dual' }).waitFor();

    // An institution: what it holds, each count leading to its filtered list.
    await page.goto('/knowledge/institutions?country=UY');
    await page.getByRole('link', { name: 'UTU', exact: true }).click();
    await heading(page, 'UTU').waitFor();
    await page.getByRole('link', { name: '1 recurso', exact: true }).click();
    await heading(page, 'Recursos didácticos').waitFor();
    await expect.poll(() => results(page)).toEqual(['Guía de evaluación por competencias']);
    await page.getByRole('link', { name: /Quitar el filtro Institución: UTU/ }).waitFor();
    await context.close();
  });

  it('lets an editor create a record through the form, with the error beside its field, then edit it and read its history', async () => {
    const { page, context } = await visitor(world.admin);
    await page.goto('/knowledge/resources');
    await page.getByRole('link', { name: 'Nuevo recurso' }).click();
    await heading(page, 'Nuevo recurso').waitFor();

    await page.getByLabel('Título (obligatorio)').fill('Cartilla de seguridad en obra');
    await page.getByLabel('Tipo de recurso (obligatorio)').selectOption({ label: 'Manual' });
    await page.getByRole('group', { name: 'Idiomas (obligatorio)' }).getByLabel('Español').check();
    await page.getByLabel('País').selectOption({ label: 'Uruguay' });
    // Institutions are grouped by country and read "acronym · name".
    const utu = await page.locator('#knowledge-institutionId optgroup[label="Uruguay"] option', { hasText: /^UTU · / }).getAttribute('value');
    await page.getByLabel('Institución').selectOption(utu!);
    await page.getByLabel('Autores').fill('Equipo de seguridad\nCarla Méndez');
    await page.getByLabel('Año', { exact: true }).fill('2024');
    await page.getByRole('group', { name: 'Temas' }).getByLabel('Inclusión y género').check();
    const url = page.getByLabel('Dirección web');
    await url.fill('ftp://archivos.utu.edu.uy/cartilla.pdf');
    await page.getByRole('button', { name: 'Crear el registro' }).click();

    const urlError = page.locator('#knowledge-url-error');
    await urlError.getByText('Escriba una dirección web que empiece por http:// o https://.').waitFor();
    expect(await url.getAttribute('aria-invalid')).toBe('true');
    expect(await url.evaluate((element) => element === document.activeElement)).toBe(true);
    expect(page.url()).toBe(`${server.url}/knowledge/resources/new`);

    await url.fill('https://www.utu.edu.uy/cartilla.pdf');
    await page.getByRole('button', { name: 'Crear el registro' }).click();
    await heading(page, 'Cartilla de seguridad en obra').waitFor();
    await page.getByRole('status').filter({ hasText: 'Se creó el registro.' }).waitFor();
    const id = Number(new URL(page.url()).pathname.split('/').pop());
    expect(id).toBeGreaterThan(0);
    expect(await fieldValue(page, 'Tipo de recurso').textContent()).toBe('Manual');
    expect(await fieldValue(page, 'Año').textContent()).toBe('2024');
    expect(await fieldValue(page, 'Temas').textContent()).toBe('Inclusión y género');
    await fieldValue(page, 'Autores').getByText('Carla Méndez').waitFor();

    // Edit: the form starts from the record; only what changed is sent.
    await page.getByRole('link', { name: 'Editar' }).click();
    await heading(page, 'Editar «Cartilla de seguridad en obra»').waitFor();
    expect(await page.getByLabel('Título (obligatorio)').inputValue()).toBe('Cartilla de seguridad en obra');
    expect(await page.getByLabel('Autores').inputValue()).toBe('Equipo de seguridad\nCarla Méndez');
    expect(await page.getByRole('group', { name: 'Idiomas (obligatorio)' }).getByLabel('Español').isChecked()).toBe(true);
    await page.getByLabel('Año', { exact: true }).fill('2025');
    await page.getByLabel('Sector productivo').selectOption({ label: 'Construcción' });
    await page.getByRole('button', { name: 'Guardar' }).click();
    await page.getByRole('status').filter({ hasText: 'Se guardaron los cambios.' }).waitFor();
    expect(page.url()).toBe(`${server.url}/knowledge/resources/${id}`);
    expect(await fieldValue(page, 'Año').textContent()).toBe('2025');
    expect(await fieldValue(page, 'Sector productivo').textContent()).toBe('Construcción');

    // History: who changed what, newest first, with labels rather than codes.
    await page.getByRole('button', { name: 'Historial' }).click();
    const history = page.getByRole('dialog', { name: 'Historial de cambios' });
    await history.waitFor();
    const latest = history.locator('ol > li').first();
    await latest.getByText('Editora Alba').waitFor();
    await latest.getByText('lo modificó').waitFor();
    expect(await latest.locator('tbody tr').allInnerTexts()).toEqual(['Año\t2024\t2025', 'Sector productivo\t(vacío)\tConstrucción']);
    const first = history.locator('ol > li').nth(1);
    await first.getByText('creó el registro').waitFor();
    await first.locator('tbody tr', { hasText: 'Tipo de recurso' }).getByText('Manual').waitFor();
    await page.keyboard.press('Escape');
    await history.waitFor({ state: 'hidden' });
    expect(await page.getByRole('button', { name: 'Historial' }).evaluate((element) => element === document.activeElement)).toBe(true);

    // A file for the resource: a type the bank refuses is reported beside the picker.
    const picker = page.getByLabel('Adjuntar un archivo');
    await picker.setInputFiles({ name: 'notas.txt', mimeType: 'text/plain', buffer: Buffer.from('solo texto, sin formato') });
    await page.getByRole('button', { name: 'Subir el archivo' }).click();
    await page.locator('#resource-file-error').getByText(/No se acepta este tipo de archivo/).waitFor();
    expect(await picker.getAttribute('aria-invalid')).toBe('true');
    const pdf = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
    await picker.setInputFiles({ name: 'cartilla.pdf', mimeType: 'application/pdf', buffer: pdf });
    await page.getByRole('button', { name: 'Subir el archivo' }).click();
    const download = page.getByRole('link', { name: 'Descargar' });
    await download.waitFor();
    await page.getByRole('region', { name: 'Archivo' }).getByText('cartilla.pdf', { exact: true }).waitFor();
    const fetched = await page.request.get((await download.getAttribute('href'))!);
    expect(fetched.status()).toBe(200);
    expect(Buffer.from(await fetched.body()).equals(pdf)).toBe(true);
    // It stays after a reload, and editors can take it away.
    await page.reload();
    await download.waitFor();
    await page.getByRole('button', { name: 'Quitar el archivo' }).click();
    await page.getByText('Este recurso no tiene un archivo adjunto.').waitFor();

    // A member cannot reach the form.
    const member = await visitor(world.member);
    await member.page.goto(`/knowledge/resources/${id}/edit`);
    await member.page.getByRole('alert').getByText('No tiene permiso para hacer esto.').waitFor();
    await member.context.close();
    await context.close();
  });

  it('takes a member’s suggested correction to the editors, who accept it', async () => {
    const member = await visitor(world.member);
    await member.page.goto(`/knowledge/resources/${ids.welding}`);
    await heading(member.page, 'Manual de soldadura MIG').waitFor();
    await member.page.getByRole('button', { name: 'Sugerir una corrección' }).click();
    const dialog = member.page.getByRole('dialog', { name: 'Sugerir una corrección' });
    await dialog.waitFor();
    // An empty note is refused beside its field.
    await dialog.getByRole('button', { name: 'Enviar la sugerencia' }).click();
    await dialog.locator('#correction-note-error').getByText('Este campo es obligatorio.').waitFor();
    await dialog.getByLabel('¿Qué dato?').selectOption({ label: 'Año' });
    await dialog.getByLabel('Qué habría que corregir').fill('La edición es de 2018, no de 2019.');
    await dialog.getByRole('button', { name: 'Enviar la sugerencia' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await member.page.getByRole('status').filter({ hasText: 'Gracias: el equipo editorial revisará su sugerencia.' }).waitFor();
    await member.context.close();

    const editor = await visitor(world.admin);
    const page = editor.page;
    await page.goto('/knowledge');
    await page.getByRole('link', { name: 'Correcciones sugeridas' }).click();
    await heading(page, 'Correcciones sugeridas').waitFor();
    const suggestion = page.locator('.corrections > li', { hasText: 'La edición es de 2018, no de 2019.' });
    await suggestion.waitFor();
    // The suggestion names the record by its current title and links to it.
    expect(await suggestion.getByRole('link', { name: /soldadura/ }).getAttribute('href')).toBe(`/knowledge/resources/${ids.welding}`);
    await suggestion.getByText('Año', { exact: true }).waitFor();
    await suggestion.getByRole('link', { name: 'Rosa Quispe' }).waitFor();
    await suggestion.getByRole('button', { name: 'Aceptar' }).click();
    await suggestion.getByText('Sugerencia aceptada.').first().waitFor();
    expect(await suggestion.getByRole('button', { name: 'Aceptar' }).count()).toBe(0);

    await page.getByLabel('Mostrar').selectOption('accepted');
    await expect.poll(() => new URL(page.url()).searchParams.get('status')).toBe('accepted');
    await page.locator('.corrections > li', { hasText: 'La edición es de 2018, no de 2019.' }).getByText('Sugerencia aceptada.').waitFor();
    await page.getByLabel('Mostrar').selectOption('open');
    await page.getByText('No hay sugerencias pendientes.').waitFor();
    await editor.context.close();
  });

  it('asks a specialist a question from their page, as a question thread in a chosen forum', async () => {
    const visitorPage = await visitor(null);
    await visitorPage.page.goto(`/knowledge/specialists/${ids.specialist}`);
    await heading(visitorPage.page, 'María Fernanda Rojas').waitFor();
    await visitorPage.page.getByRole('link', { name: 'Inicie sesión para consultar a este especialista' }).waitFor();
    await visitorPage.context.close();

    const { page, context } = await visitor(world.member);
    await page.goto(`/knowledge/specialists/${ids.quiet}`);
    await heading(page, 'Joaquim Tavares').waitFor();
    await page.getByText('Por ahora no responde consultas.').waitFor();
    expect(await page.getByRole('button', { name: 'Consultar a este especialista' }).count()).toBe(0);

    await page.goto(`/knowledge/specialists/${ids.specialist}`);
    await heading(page, 'María Fernanda Rojas').waitFor();
    // The vocabulary's labels come with the page's second request: wait for them, not just the heading.
    await fieldValue(page, 'Disponibilidad').getByText('Responde consultas').waitFor();
    await page.getByRole('region', { name: 'Trayectoria' }).getByText('Ingeniera industrial, Universidad Nacional').waitFor();
    await page.getByText('Tiene cuenta en Minga').waitFor();
    await page.getByRole('link', { name: 'María F. Rojas' }).waitFor();

    await page.getByRole('button', { name: 'Consultar a este especialista' }).click();
    const dialog = page.getByRole('dialog', { name: 'Consultar a María Fernanda Rojas' });
    await dialog.waitFor();
    const forum = dialog.getByLabel('Foro');
    await expect.poll(() => forum.inputValue()).toBe(String(world.forumId));
    await dialog.getByLabel('Título').fill('¿Cómo organizan la alternancia en metalmecánica?');
    await dialog.getByLabel('Su pregunta').fill('Buscamos ejemplos de **calendarios** de alternancia.');

    // Meanwhile the specialist stops taking questions: the refusal is shown, nothing is posted.
    await as(server.app, world.admin).patch(`/api/specialists/${ids.specialist}`, { availability: ['mentoring'] });
    await dialog.getByRole('button', { name: 'Publicar la pregunta' }).click();
    await dialog.getByRole('alert').getByText('Esta persona no atiende preguntas en este momento.').waitFor();

    await as(server.app, world.admin).patch(`/api/specialists/${ids.specialist}`, { availability: ['answering', 'mentoring'] });
    await dialog.getByRole('button', { name: 'Publicar la pregunta' }).click();
    await heading(page, '¿Cómo organizan la alternancia en metalmecánica?').waitFor();
    const threadId = Number(new URL(page.url()).pathname.split('/').pop());
    const thread = (await as(server.app, world.member).get(`/api/threads/${threadId}`)).json();
    expect(thread.thread.kind).toBe('question');
    expect(thread.thread.forumId).toBe(world.forumId);
    await page.locator('.post-body strong', { hasText: 'calendarios' }).waitFor();
    await context.close();
  });
});
