import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerUser } from '../helpers/accounts.ts';
import { as, buildWorld, replyTo, startThread, type World } from '../helpers/forums.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { scheduleWorkshop } from '../helpers/workshops.ts';
import { launchBrowser, newVisitor } from './support/browser.ts';
import { ensureClientBuilt } from './support/client-build.ts';

/**
 * What a search engine or a link preview reads in each page's head, in a real browser: the
 * title, the description, the canonical address, Open Graph and Twitter tags, the language
 * alternates and the structured data (JSON-LD) of the right schema.org type.
 */

let server: TestServer;
let browser: Browser;
let world: World;
const pageErrors: string[][] = [];
const ids: Record<string, number> = {};
/** A title that tries to end the JSON-LD script and run its own. */
const TRICKY_TITLE = 'Rúbricas </script><script>window.__pwned = 1</script> para evaluar';

interface Head {
  title: string;
  description: string | null;
  robots: string | null;
  canonical: string | null;
  og: Record<string, string>;
  twitter: Record<string, string>;
  alternates: [string, string][];
  jsonLd: Record<string, unknown>[];
}

async function open(path: string): Promise<Page> {
  const visitor = await newVisitor(browser, server.url);
  pageErrors.push(visitor.pageErrors);
  await visitor.page.goto(path);
  return visitor.page;
}

/** Waits until the head describes `path` (it is written once the page's data is there), then reads it. */
async function headOf(page: Page, path: string): Promise<Head> {
  await page.waitForFunction(
    (wanted) => document.querySelector('link[rel="canonical"]')?.getAttribute('href')?.endsWith(wanted) ?? false,
    path,
  );
  const scripts = await page.locator('script[type="application/ld+json"]').allTextContents();
  const head = await page.evaluate(() => {
    const content = (selector: string) => document.querySelector<HTMLMetaElement>(selector)?.content ?? null;
    const byName = (prefix: string, attribute: 'property' | 'name') =>
      Object.fromEntries(
        [...document.querySelectorAll<HTMLMetaElement>(`meta[${attribute}^="${prefix}"]`)]
          .filter((meta) => !meta.getAttribute(attribute)!.startsWith('og:locale:alternate'))
          .map((meta) => [meta.getAttribute(attribute)!, meta.content]),
      );
    return {
      title: document.title,
      description: content('meta[name="description"]'),
      robots: content('meta[name="robots"]'),
      canonical: document.querySelector<HTMLLinkElement>('link[rel="canonical"]')?.getAttribute('href') ?? null,
      og: byName('og:', 'property'),
      twitter: byName('twitter:', 'name'),
      alternates: [...document.querySelectorAll<HTMLLinkElement>('link[rel="alternate"][hreflang]')].map(
        (link) => [link.hreflang, link.getAttribute('href')!] as [string, string],
      ),
    };
  });
  return { ...head, jsonLd: scripts.map((text) => JSON.parse(text) as Record<string, unknown>) };
}

/** What every indexable page's head has, whatever the page. */
function expectCommonHead(head: Head, path: string, title: string) {
  const canonical = head.canonical!;
  expect(canonical).toMatch(/^https?:\/\/[^/]+\//);
  expect(new URL(canonical).pathname).toBe(path);
  expect(head.robots).toBeNull();
  expect(head.og).toMatchObject({
    'og:site_name': 'Minga',
    'og:title': title,
    'og:url': canonical,
    'og:description': head.description,
    'og:image': `${new URL(canonical).origin}/og-image.png`,
    'og:locale': 'es_419',
  });
  expect(head.twitter).toMatchObject({ 'twitter:card': 'summary_large_image', 'twitter:title': title });
  expect(head.alternates).toEqual([
    ['es', `${canonical}?lang=es`],
    ['pt', `${canonical}?lang=pt`],
    ['en', `${canonical}?lang=en`],
    ['x-default', canonical],
  ]);
  expect(head.description!.length).toBeGreaterThan(20);
  expect(head.description!.length).toBeLessThanOrEqual(160);
}

const typesOf = (head: Head) => head.jsonLd.map((data) => data['@type']);
const ofType = (head: Head, type: string) => head.jsonLd.find((data) => data['@type'] === type)!;

beforeAll(async () => {
  await ensureClientBuilt();
  [server, browser] = await Promise.all([startTestServer(), launchBrowser()]);
  const admin = await registerUser(server.app, { displayName: 'Editora Alba' });
  world = await buildWorld(server.app, { admin });
  await as(server.app, world.member).patch('/api/me', { displayName: 'Rosa Quispe' });

  const question = await startThread(server.app, world.member, world.forumId, {
    title: TRICKY_TITLE,
    kind: 'question',
    language: 'pt',
    body: 'Procuro **exemplos** de rubricas analíticas para avaliar soldadura.\n\nAlguém tem um modelo?',
  });
  ids.question = question.thread.id;
  const answer = await replyTo(server.app, world.moderator, ids.question, 'Usamos uma rubrica de quatro níveis.');
  const accepted = await as(server.app, world.member).post(`/api/threads/${ids.question}/accept`, { postId: answer.id });
  expect(accepted.statusCode).toBe(200);

  const discussion = await startThread(server.app, world.member, world.forumId, {
    title: 'Formación dual en la industria metalmecánica',
    body: 'Compartimos cómo organizamos la *alternancia* entre el centro y la empresa, con tutores formados.',
  });
  ids.discussion = discussion.thread.id;
  await replyTo(server.app, world.moderator, ids.discussion, 'Muy útil, gracias.');

  const institution = (await as(server.app, null).get('/api/institutions?limit=1')).json().items[0] as { id: number };
  ids.institution = institution.id;
  const resource = await as(server.app, admin).post('/api/resources', {
    title: 'Guía de evaluación por competencias',
    summary: 'Cómo preparar, aplicar y registrar una evaluación de competencias laborales en el centro y en la empresa.',
    type: 'guide',
    languages: ['es'],
    institutionId: institution.id,
    authors: ['Ana Suárez'],
    year: 2021,
  });
  expect(resource.statusCode).toBe(201);
  ids.resource = resource.json().item.id;
  const expertise = (await as(server.app, null).get('/api/vocabularies/expertise')).json().items[0].code as string;
  const specialist = await as(server.app, admin).post('/api/specialists', {
    name: 'María Fernanda Rojas',
    institutionId: institution.id,
    countryCode: 'CO',
    expertise: [expertise],
    languages: ['es'],
    summary: 'Diseña programas de formación dual con empresas del sector metalmecánico.',
  });
  expect(specialist.statusCode).toBe(201);
  ids.specialist = specialist.json().item.id;
  ids.workshop = (await scheduleWorkshop(server.app, world.moderator, world.slug, { title: 'Taller de rúbricas' })).id;
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  expect(pageErrors.flat()).toEqual([]);
});

describe('the page head in Chromium', () => {
  it('a solved question: its title, first post as description, QAPage with the accepted answer; a title cannot break out of the JSON-LD', async () => {
    const path = `/t/${ids.question}`;
    const page = await open(path);
    const head = await headOf(page, path);
    expectCommonHead(head, path, TRICKY_TITLE);
    expect(head.title).toBe(`${TRICKY_TITLE} · ${await communityName()} · Minga`);
    expect(head.description).toBe('Procuro exemplos de rubricas analíticas para avaliar soldadura. Alguém tem um modelo?');
    expect(head.og['og:type']).toBe('article');
    expect(typesOf(head).sort()).toEqual(['BreadcrumbList', 'QAPage']);
    expect(ofType(head, 'QAPage')).toMatchObject({
      inLanguage: 'pt',
      mainEntity: {
        '@type': 'Question',
        name: TRICKY_TITLE,
        answerCount: 1,
        author: { '@type': 'Person', name: 'Rosa Quispe' },
        acceptedAnswer: { '@type': 'Answer', text: 'Usamos uma rubrica de quatro níveis.' },
      },
    });
    expect(await page.evaluate(() => (window as { __pwned?: number }).__pwned)).toBeUndefined();
    // The breadcrumbs shown and the BreadcrumbList are the same trail.
    const crumbs = ofType(head, 'BreadcrumbList').itemListElement as { name: string; position: number }[];
    expect(crumbs.map((crumb) => crumb.name)).toEqual(await page.locator('nav.breadcrumbs li').allTextContents().then((texts) => texts.map((text) => text.trim())));
    await page.context().close();
  });

  it('a discussion: DiscussionForumPosting with comments and counts; client navigation rewrites the head', async () => {
    const path = `/t/${ids.discussion}`;
    const page = await open(path);
    const head = await headOf(page, path);
    expectCommonHead(head, path, 'Formación dual en la industria metalmecánica');
    expect(ofType(head, 'DiscussionForumPosting')).toMatchObject({
      headline: 'Formación dual en la industria metalmecánica',
      text: 'Compartimos cómo organizamos la alternancia entre el centro y la empresa, con tutores formados.',
      url: head.canonical,
      comment: [{ '@type': 'Comment', text: 'Muy útil, gracias.' }],
      interactionStatistic: [{ userInteractionCount: 1 }, { userInteractionCount: 0 }],
    });

    // Following the breadcrumb to the community: one head, the community's, not two.
    await page.locator('nav.breadcrumbs').getByRole('link', { name: await communityName() }).click();
    const community = await headOf(page, `/c/${world.slug}`);
    expect(community.title).toBe(`${await communityName()} · Minga`);
    expect(typesOf(community)).toEqual(['BreadcrumbList']);
    expect(await page.locator('head title').count()).toBe(1);
    expect(await page.locator('head link[rel="canonical"]').count()).toBe(1);
    expect(await page.locator('head meta[name="description"]').count()).toBe(1);
    await page.context().close();
  });

  it('a community: its name and description', async () => {
    const path = `/c/${world.slug}`;
    const page = await open(path);
    const head = await headOf(page, path);
    const name = await communityName();
    expectCommonHead(head, path, name);
    expect(head.description).toBe(await communityDescription());
    await page.context().close();
  });

  it('a resource: its summary and a LearningResource', async () => {
    const path = `/knowledge/resources/${ids.resource}`;
    const page = await open(path);
    const head = await headOf(page, path);
    expectCommonHead(head, path, 'Guía de evaluación por competencias');
    expect(head.title).toBe('Guía de evaluación por competencias · Recursos didácticos · Minga');
    expect(head.description).toBe('Cómo preparar, aplicar y registrar una evaluación de competencias laborales en el centro y en la empresa.');
    expect(typesOf(head).sort()).toEqual(['BreadcrumbList', 'LearningResource']);
    expect(ofType(head, 'LearningResource')).toMatchObject({
      name: 'Guía de evaluación por competencias',
      url: head.canonical,
      author: [{ '@type': 'Person', name: 'Ana Suárez' }],
      publisher: { '@type': 'EducationalOrganization' },
    });
    await page.context().close();
  });

  it('a specialist: a Person with job title, affiliation and expertise', async () => {
    const path = `/knowledge/specialists/${ids.specialist}`;
    const page = await open(path);
    const head = await headOf(page, path);
    expectCommonHead(head, path, 'María Fernanda Rojas');
    expect(head.description).toBe('Diseña programas de formación dual con empresas del sector metalmecánico.');
    const person = ofType(head, 'Person');
    expect(person).toMatchObject({ name: 'María Fernanda Rojas', jobTitle: 'Especialista', affiliation: { '@type': 'EducationalOrganization' } });
    expect((person.knowsAbout as string[]).length).toBe(1);
    await page.context().close();
  });

  it('an institution: an EducationalOrganization with its country', async () => {
    const path = `/knowledge/institutions/${ids.institution}`;
    const page = await open(path);
    const head = await headOf(page, path);
    const detail = (await as(server.app, null).get(`/api/institutions/${ids.institution}`)).json().item;
    expectCommonHead(head, path, detail.acronym);
    expect(ofType(head, 'EducationalOrganization')).toMatchObject({
      name: detail.name,
      alternateName: detail.acronym,
      address: { '@type': 'PostalAddress', addressCountry: detail.countryCode },
    });
    await page.context().close();
  });

  it('a workshop: an online Event in its own room', async () => {
    const path = `/w/${ids.workshop}`;
    const page = await open(path);
    const head = await headOf(page, path);
    expectCommonHead(head, path, 'Taller de rúbricas');
    expect(head.description).toBe('Cómo evaluamos en la empresa y en el centro.');
    expect(ofType(head, 'Event')).toMatchObject({
      name: 'Taller de rúbricas',
      eventAttendanceMode: 'https://schema.org/OnlineEventAttendanceMode',
      location: { '@type': 'VirtualLocation', url: head.canonical },
      organizer: { name: await communityName() },
    });
    await page.context().close();
  });

  it('search results and a missing page ask not to be indexed', async () => {
    const search = await open('/search?q=rubricas');
    const searchHead = await headOf(search, '/search');
    expect(searchHead.robots).toBe('noindex');
    await search.context().close();

    const missing = await open('/t/999999');
    await missing.getByRole('heading', { level: 1, name: 'Página no encontrada' }).waitFor();
    const missingHead = await headOf(missing, '/t/999999');
    expect(missingHead.robots).toBe('noindex');
    expect(missingHead.title).toBe('Página no encontrada · Minga');
    await missing.context().close();
  });

  it('serves the default preview image', async () => {
    const response = await fetch(`${server.url}/og-image.png`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('image/png');
  });
});

let community: { name: string; description: string } | undefined;
async function communityDetail() {
  community ??= (await as(server.app, null).get(`/api/communities/${world.slug}`)).json().community;
  return community!;
}
const communityName = async () => (await communityDetail()).name;
const communityDescription = async () => (await communityDetail()).description;
