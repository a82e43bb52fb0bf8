import { sql } from 'drizzle-orm';
import { fold } from '../../server/lib/fold.ts';
import { row, rows } from '../access.ts';
import type { Db } from '../client.ts';
import { experienceProposals, faqEntries } from '../schema/index.ts';
import { COMMUNITIES } from './forums/communities.ts';
import { FORUM_THEME_CODES } from './knowledge/themes.ts';

const PUBLISHED = 25;
const WAITING = 4;
const EXPERIENCES = 3;
const TEXT_MAX = 5000;

interface Solved {
  threadId: number;
  title: string;
  language: 'es' | 'pt' | 'en' | null;
  slug: string;
  questionBody: string;
  questionHtml: string;
  questionText: string | null;
  answerId: number;
  answerBody: string;
  answerHtml: string;
  answerText: string | null;
  answeredAt: number;
  answerCountry: string | null;
  answerInstitution: number | null;
}

const clip = (text: string) => (text.length > TEXT_MAX ? `${text.slice(0, TEXT_MAX - 1).trimEnd()}…` : text);

/**
 * The demo FAQ: solved question threads of the public communities, taken in turn from each
 * community so the FAQ spans several topics (each community's theme): the first 25 published by
 * the demo editor, the next few waiting for review, and a few more proposed as experiences.
 * The question and the accepted answer are the posts' own Markdown and HTML (cooked and
 * sanitized when they were written). Deterministic: the same threads on every run.
 */
export async function seedFaq(db: Db, progress: (line: string) => void): Promise<{ published: number; proposed: number; experiences: number }> {
  const editor =
    (await row<{ id: number }>(db, sql`SELECT id FROM users WHERE role = 'editor' ORDER BY id LIMIT 1`)) ??
    (await row<{ id: number }>(db, sql`SELECT id FROM users WHERE role = 'admin' ORDER BY id LIMIT 1`));
  if (!editor) return { published: 0, proposed: 0, experiences: 0 };
  const solved = await rows<Solved>(
    db,
    sql`SELECT t.id AS "threadId", t.title AS title, t.language AS language, c.slug AS slug,
               q.body AS "questionBody", q.body_html AS "questionHtml", q.body_text AS "questionText",
               a.id AS "answerId", a.body AS "answerBody", a.body_html AS "answerHtml", a.body_text AS "answerText", a.created_at AS "answeredAt",
               u.country_code AS "answerCountry", u.institution_id AS "answerInstitution"
        FROM threads t
        JOIN communities c ON c.id = t.community_id
        JOIN posts q ON q.id = t.first_post_id
        JOIN posts a ON a.id = t.accepted_post_id
        JOIN users u ON u.id = a.author_id
        WHERE t.kind = 'question' AND t.hidden = 0 AND c.visibility = 'public'
          AND a.hidden = 0 AND a.deleted_at IS NULL AND q.hidden = 0 AND q.deleted_at IS NULL
        ORDER BY t.id`,
  );
  const themeOf = new Map(COMMUNITIES.map((c) => [c.slug, FORUM_THEME_CODES[c.theme]]));
  // Round robin over the communities: every topic gets a share.
  const byCommunity = new Map<string, Solved[]>();
  for (const row of solved) byCommunity.set(row.slug, [...(byCommunity.get(row.slug) ?? []), row]);
  const queues = [...byCommunity.values()];
  const order: Solved[] = [];
  for (let round = 0; order.length < solved.length; round += 1) {
    for (const queue of queues) if (queue[round]) order.push(queue[round]!);
  }

  // A small demo (tests) keeps some for the proposals too.
  const publishing = Math.max(0, Math.min(PUBLISHED, order.length - WAITING - EXPERIENCES));
  const faqRows = order.slice(0, publishing + WAITING);
  for (const [index, row] of faqRows.entries()) {
    const published = index < publishing;
    const at = new Date(Number(row.answeredAt) + 7 * 24 * 3_600_000);
    const theme = themeOf.get(row.slug) ?? null;
    await db
      .insert(faqEntries)
      .values({
        threadId: row.threadId,
        postId: row.answerId,
        question: row.title,
        questionBody: row.questionBody,
        questionHtml: row.questionHtml,
        answer: row.answerBody,
        answerHtml: row.answerHtml,
        searchText: fold(`${row.title}\n${row.questionText ?? row.questionBody}\n${row.answerText ?? row.answerBody}`),
        topicScheme: published && theme ? 'theme' : null,
        topicCode: published ? theme : null,
        language: row.language,
        status: published ? 'published' : 'proposed',
        proposerId: editor.id,
        reviewerId: published ? editor.id : null,
        publishedAt: published ? at : null,
        createdAt: at,
        updatedAt: at,
      })
      .onConflictDoNothing();
  }

  const experienceRows = order.slice(faqRows.length, faqRows.length + EXPERIENCES);
  for (const row of experienceRows) {
    const theme = themeOf.get(row.slug);
    const at = new Date(Number(row.answeredAt) + 3 * 24 * 3_600_000);
    await db
      .insert(experienceProposals)
      .values({
        threadId: row.threadId,
        postId: row.answerId,
        draft: {
          title: row.title,
          summary: clip((row.questionText ?? row.questionBody).trim()),
          results: clip((row.answerText ?? row.answerBody).trim()),
          languages: [row.language ?? 'es'],
          ...(theme ? { theme } : {}),
          ...(row.answerCountry ? { countryCode: row.answerCountry } : {}),
          ...(row.answerInstitution ? { institutionId: row.answerInstitution } : {}),
        },
        status: 'proposed',
        proposerId: editor.id,
        createdAt: at,
        updatedAt: at,
      })
      .onConflictDoNothing();
  }
  const published = Math.min(publishing, faqRows.length);
  progress(`faq ${published} published, ${faqRows.length - published} proposed, ${experienceRows.length} experience proposals`);
  return { published, proposed: faqRows.length - published, experiences: experienceRows.length };
}
