/**
 * Discussions cite the knowledge bases: a share of opening posts and replies point at a
 * resource, an occupational profile, an experience or a specialist on the community's theme
 * and the thread's sector (a question on gastronomy cites cooking, not accounting; specialists
 * by theme), in the thread's language where there is one, as a typed link ([[resource:12]]).
 * Nothing fits: no citation.
 *
 * The citations draw from their own PRNG stream and are added after the posts are composed,
 * so the threads, posts and everything else stay what they were without them.
 */
import type { Db } from '../../client.ts';
import { experiences, profiles, resources, specialists } from '../../schema/index.ts';
import type { LinkRef, LinkType, ResolvedLink } from '../../../server/lib/markdown.ts';
import { FORUM_THEME_CODES } from '../knowledge/themes.ts';
import type { Lang, Random } from './templates/index.ts';
import { sectorsOfRecord } from './sectors.ts';
import type { PostPlan, ThreadPlan } from './types.ts';

type KnowledgeType = Exclude<LinkType, 'institution' | 'workshop'>;

/** Where each kind lives in the client. */
const PATHS: Record<KnowledgeType, string> = { resource: 'resources', profile: 'profiles', experience: 'experiences', specialist: 'specialists' };

/** Titles of every knowledge item, and the items by kind, theme, sector and language. */
export interface KnowledgeCatalogue {
  titles: Map<string, string>;
  /**
   * `${type}:${theme}:${sector}:${lang}` and `${type}:${theme}:${sector}:*` → items, `sector` an
   * index into the templates' sectors; profiles under theme `*`, specialists under sector `*`.
   */
  pools: Map<string, LinkRef[]>;
}

/** Share of posts that cite something, by role. */
const SHARE: Partial<Record<PostPlan['role'], number>> = { opening: 0.18, answer: 0.18, experience: 0.17, tips: 0.16, quote: 0.14, followup: 0.1 };
/** Themes on which an occupational profile is a natural thing to cite. */
const PROFILE_THEMES = new Set(['curriculum', 'rpl', 'dual', 'trainers', 'quality', 'green_skills', 'osh']);

const LINES: Record<Lang, Record<KnowledgeType, string[]>> = {
  es: {
    resource: ['Les dejo un material que nos sirvió mucho: {ref}.', 'En el banco de recursos está {ref}, que viene justo al caso.', 'Como referencia, revisen {ref}.'],
    profile: ['Para ubicar las competencias, pueden mirar el perfil {ref}.', 'Nosotros partimos del perfil ocupacional {ref}.', 'Sirve comparar con el perfil {ref}.'],
    experience: ['Hay una experiencia documentada muy parecida: {ref}.', 'Vale la pena leer la experiencia {ref}.', 'Nos inspiramos en {ref}.'],
    specialist: ['En el directorio de especialistas está {ref}, que trabaja justamente en esto.', 'Quizás {ref} pueda orientarnos; figura en el directorio de especialistas.', 'Les sugiero consultar a {ref}, del directorio de especialistas.'],
  },
  pt: {
    resource: ['Deixo um material que nos ajudou muito: {ref}.', 'No banco de recursos tem {ref}, que serve bem para este caso.', 'Como referência, vejam {ref}.'],
    profile: ['Para mapear as competências, vale olhar o perfil {ref}.', 'Nós partimos do perfil profissional {ref}.', 'Ajuda comparar com o perfil {ref}.'],
    experience: ['Há uma experiência documentada bem parecida: {ref}.', 'Vale a pena ler a experiência {ref}.', 'Nós nos inspiramos em {ref}.'],
    specialist: ['No diretório de especialistas está {ref}, que trabalha justamente com isso.', 'Talvez {ref} possa nos orientar; está no diretório de especialistas.', 'Sugiro consultar {ref}, do diretório de especialistas.'],
  },
  en: {
    resource: ['Here is a resource that helped us a lot: {ref}.', 'The resource bank has {ref}, which fits this case well.', 'For reference, have a look at {ref}.'],
    profile: ['To map the competencies, the profile {ref} is a good start.', 'We started from the occupational profile {ref}.', 'It helps to compare with the profile {ref}.'],
    experience: ['There is a documented experience very close to this: {ref}.', 'The experience {ref} is worth reading.', 'We took inspiration from {ref}.'],
    specialist: ['The specialists directory lists {ref}, who works on exactly this.', 'Perhaps {ref} could advise; they are in the specialists directory.', 'I suggest contacting {ref} from the specialists directory.'],
  },
};

function add(pools: Map<string, LinkRef[]>, key: string, ref: LinkRef): void {
  const list = pools.get(key);
  if (list) list.push(ref);
  else pools.set(key, [ref]);
}

function index(
  catalogue: KnowledgeCatalogue,
  type: KnowledgeType,
  id: number,
  title: string,
  themes: readonly string[],
  sectors: readonly (number | '*')[],
  langs: readonly string[],
): void {
  catalogue.titles.set(`${type}:${id}`, title);
  const ref = { type, id };
  for (const theme of themes) {
    for (const sector of sectors) {
      add(catalogue.pools, `${type}:${theme}:${sector}:*`, ref);
      for (const lang of langs) add(catalogue.pools, `${type}:${theme}:${sector}:${lang}`, ref);
    }
  }
}

/**
 * Reads what the knowledge seed wrote: ids, titles (names for specialists), themes, sectors,
 * languages. `trades` (from the knowledge seed of the same run) places a record by its trade;
 * without it, by its ISIC section.
 */
export async function loadCatalogue(db: Db, trades?: ReadonlyMap<string, string>): Promise<KnowledgeCatalogue> {
  const catalogue: KnowledgeCatalogue = { titles: new Map(), pools: new Map() };
  const sectorsOf = (key: string, section: string | null) => sectorsOfRecord(trades?.get(key), section);
  const columns = { id: resources.id, title: resources.title, topics: resources.topics, languages: resources.languages, sector: resources.sector };
  for (const r of await db.select(columns).from(resources).orderBy(resources.id)) {
    index(catalogue, 'resource', r.id, r.title, r.topics, sectorsOf(`resource:${r.id}`, r.sector), r.languages.slice(0, 1));
  }
  const experienceColumns = { id: experiences.id, title: experiences.title, theme: experiences.theme, languages: experiences.languages, sector: experiences.sector };
  for (const e of await db.select(experienceColumns).from(experiences).orderBy(experiences.id)) {
    index(catalogue, 'experience', e.id, e.title, [e.theme], sectorsOf(`experience:${e.id}`, e.sector), e.languages.slice(0, 1));
  }
  for (const s of await db.select({ id: specialists.id, name: specialists.name, expertise: specialists.expertise, languages: specialists.languages }).from(specialists).orderBy(specialists.id)) {
    index(catalogue, 'specialist', s.id, s.name, s.expertise, ['*'], s.languages);
  }
  for (const p of await db.select({ id: profiles.id, title: profiles.title, language: profiles.language, sector: profiles.sector }).from(profiles).orderBy(profiles.id)) {
    index(catalogue, 'profile', p.id, p.title, ['*'], sectorsOf(`profile:${p.id}`, p.sector), [p.language]);
  }
  return catalogue;
}

/** The catalogue's items as the cooker resolves them. */
export function resolveKnowledge(catalogue: KnowledgeCatalogue | null, ref: LinkRef): ResolvedLink | null {
  if (!catalogue || ref.type === 'institution' || ref.type === 'workshop') return null;
  const title = catalogue.titles.get(`${ref.type}:${ref.id}`);
  return title === undefined ? null : { type: ref.type, id: ref.id, title, url: `/knowledge/${PATHS[ref.type]}/${ref.id}` };
}

/**
 * Something on `theme` and `sector` in `lang`, else in any language, else a resource on both;
 * specialists by theme alone; null when nothing fits.
 */
function pickItem(rng: Random, catalogue: KnowledgeCatalogue, theme: string, sector: number, lang: Lang): LinkRef | null {
  const kinds: KnowledgeType[] = ['resource', 'experience', 'specialist', ...(PROFILE_THEMES.has(theme) ? (['profile'] as const) : [])];
  const kind = rng.weighted(kinds, [50, 20, 15, 15].slice(0, kinds.length));
  const scope = `${kind === 'profile' ? '*' : theme}:${kind === 'specialist' ? '*' : sector}`;
  const pool =
    catalogue.pools.get(`${kind}:${scope}:${lang}`) ?? catalogue.pools.get(`${kind}:${scope}:*`) ?? catalogue.pools.get(`resource:${theme}:${sector}:*`);
  return pool?.length ? rng.pick(pool) : null;
}

/** Puts the citation before the closing line of a longer post, else at the end. */
function withCitation(body: string, line: string): string {
  const paragraphs = body.split('\n\n');
  if (paragraphs.length >= 3) paragraphs.splice(paragraphs.length - 1, 0, line);
  else paragraphs.push(line);
  return paragraphs.join('\n\n');
}

function cite(post: PostPlan, line: string): void {
  if (!post.edit) {
    post.body = withCitation(post.body, line);
    return;
  }
  // The edit appended a note to the first version: cite in the first version, keep the note.
  const note = post.body.slice(post.edit.body.length);
  post.edit.body = withCitation(post.edit.body, line);
  post.body = post.edit.body + note;
}

/** Adds citations to the threads' posts; returns how many posts cite something. */
export function addCitations(rng: Random, catalogue: KnowledgeCatalogue, threadPlans: readonly ThreadPlan[]): number {
  let cited = 0;
  for (const t of threadPlans) {
    const theme = FORUM_THEME_CODES[t.community.seed.theme];
    for (const post of t.posts) {
      const share = SHARE[post.role];
      if (!share || t.sector === null || post.hidden || post.deletedAt !== null || !rng.chance(share)) continue;
      const item = pickItem(rng, catalogue, theme, t.sector, t.lang);
      if (!item) continue;
      cite(post, rng.pick(LINES[t.lang][item.type as KnowledgeType]).replace('{ref}', `[[${item.type}:${item.id}]]`));
      cited++;
    }
  }
  return cited;
}
