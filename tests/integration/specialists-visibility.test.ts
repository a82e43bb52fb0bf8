import { readdirSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINE } from '../../db/engine.ts';
import { reindexKnowledgeSourceStatements } from '../../server/modules/search/index-sql.ts';
import { rebuildSearchIndexes } from '../../server/modules/search/rebuild.ts';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { registerUser } from '../helpers/accounts.ts';
import { as, buildWorld, replyTo, startThread, type World } from '../helpers/forums.ts';

/**
 * A specialist's CV sections marked "members" are shown only to signed-in readers on the
 * detail page; every other surface (revisions, search, list and export filters, the link
 * picker) must agree with it, and the answer counters count only what the reader may see.
 */

type Account = Awaited<ReturnType<typeof registerUser>>;
let t: TestApp;
let open: World;
let closed: World;
let editor: Account;
let specialistAccount: Account;
let specialistId: number;

// Words that appear only in one CV section each.
const PUBLIC_WORD = 'ornitología';
const HIDDEN_EDUCATION = 'quetzalcoatlus';
const HIDDEN_EXPERIENCE = 'zanahoriasecreta';
const OLD_PUBLICATION = 'tapirología';

beforeAll(async () => {
  t = await buildTestApp();
  open = await buildWorld(t.app);
  closed = await buildWorld(t.app, { visibility: 'private', admin: open.admin });
  editor = await registerUser(t.app);
  t.database.sqlite.prepare("UPDATE users SET role = 'editor' WHERE id = ?").run(editor.user.id);
  specialistAccount = await registerUser(t.app);

  const created = await as(t.app, editor).post('/api/specialists', {
    name: 'Rosa Mamani',
    expertise: ['dual'],
    languages: ['es'],
    summary: 'Tutoría en empresa.',
    availability: ['answering'],
    cv: { education: [`Doctorado en ${HIDDEN_EDUCATION}`], experience: [`Asesora de ${PUBLIC_WORD}`], publications: [`Manual de ${OLD_PUBLICATION}`] },
    cvVisibility: { education: 'members', experience: 'public', publications: 'members' },
  });
  expect(created.statusCode).toBe(201);
  specialistId = created.json().item.id;
  // A members-only section changes; a hidden publication is replaced and the section opened.
  const edited = await as(t.app, editor).patch(`/api/specialists/${specialistId}`, {
    cv: { education: [`Doctorado en ${HIDDEN_EDUCATION}`, `Maestría en ${HIDDEN_EXPERIENCE}`], experience: [`Asesora de ${PUBLIC_WORD}`], publications: ['Guía abierta'] },
    cvVisibility: { education: 'members', experience: 'public', publications: 'public' },
  });
  expect(edited.statusCode).toBe(200);
  const linked = await as(t.app, editor).patch(`/api/specialists/${specialistId}`, { userId: specialistAccount.username });
  expect(linked.statusCode).toBe(200);
});
afterAll(async () => {
  await t.app.close();
});

const revisionsAs = async (reader: Account | null) => {
  const response = await as(t.app, reader).get(`/api/specialists/${specialistId}/revisions`);
  expect(response.statusCode).toBe(200);
  return response.json().items as { changes: Record<string, { before: unknown; after: unknown }> }[];
};

describe('revisions show each field only to whom the page shows it', () => {
  it('hides members-only CV sections and the visibility settings from anonymous readers', async () => {
    const revisions = await revisionsAs(null);
    const text = JSON.stringify(revisions);
    expect(text).not.toContain(HIDDEN_EDUCATION);
    expect(text).not.toContain(HIDDEN_EXPERIENCE);
    expect(text).not.toContain('cvVisibility');
    // The publication was members-only when it was written: opening the section later does not publish the old text.
    expect(text).not.toContain(OLD_PUBLICATION);
    // What the page shows stays in the history.
    expect(text).toContain(PUBLIC_WORD);
    const creation = revisions.at(-1)!;
    expect(creation.changes.cv!.after).toEqual({ experience: [`Asesora de ${PUBLIC_WORD}`] });
    const opened = revisions.find((r) => r.changes.cv)!;
    expect(opened.changes.cv).toEqual({ before: { experience: [`Asesora de ${PUBLIC_WORD}`] }, after: { experience: [`Asesora de ${PUBLIC_WORD}`], publications: ['Guía abierta'] } });
  });

  it('shows a signed-in member every section, without the visibility settings', async () => {
    const text = JSON.stringify(await revisionsAs(open.outsider));
    expect(text).toContain(HIDDEN_EDUCATION);
    expect(text).toContain(HIDDEN_EXPERIENCE);
    expect(text).toContain(OLD_PUBLICATION);
    expect(text).not.toContain('cvVisibility');
  });

  it('shows editors everything', async () => {
    const revisions = await revisionsAs(editor);
    const creation = revisions.at(-1)!;
    expect(creation.changes.cvVisibility!.after).toEqual({ education: 'members', experience: 'public', publications: 'members' });
    expect(creation.changes.cv!.after).toEqual({
      education: [`Doctorado en ${HIDDEN_EDUCATION}`],
      experience: [`Asesora de ${PUBLIC_WORD}`],
      publications: [`Manual de ${OLD_PUBLICATION}`],
    });
    expect(revisions).toHaveLength(3);
  });
});

describe('hidden CV text is not findable', () => {
  const readers = (): [string, Account | null][] => [
    ['anonymous', null],
    ['a signed-in member', open.member],
    ['an editor', editor],
  ];

  async function found(reader: Account | null, word: string) {
    const search = (await as(t.app, reader).get(`/api/search?q=${encodeURIComponent(word)}`)).json();
    const list = (await as(t.app, reader).get(`/api/specialists?q=${encodeURIComponent(word)}`)).json();
    const exported = JSON.parse((await as(t.app, reader).get(`/api/specialists/export?format=json&q=${encodeURIComponent(word)}`)).body);
    const picked = (await as(t.app, reader).get(`/api/knowledge/pick?q=${encodeURIComponent(word)}`)).json();
    const hit = (search.items as { type: string; id: number; snippet: string | null }[]).find((i) => i.type === 'specialist' && i.id === specialistId);
    return {
      search: !!hit,
      snippet: hit?.snippet ?? '',
      list: (list.items as { id: number }[]).some((i) => i.id === specialistId),
      export: (exported as { id: number }[]).some((i) => i.id === specialistId),
      pick: (picked.items as { type: string; id: number }[]).some((i) => i.type === 'specialist' && i.id === specialistId),
    };
  }

  it('finds the words of public sections, for everyone', async () => {
    for (const [, reader] of readers()) {
      const result = await found(reader, PUBLIC_WORD);
      expect(result).toMatchObject({ search: true, list: true, export: true, pick: true });
      expect(result.snippet).toContain(PUBLIC_WORD);
    }
  });

  it('finds nothing through the words of members-only sections, whoever asks', async () => {
    for (const [who, reader] of readers()) {
      for (const word of [HIDDEN_EDUCATION, HIDDEN_EXPERIENCE]) {
        expect({ who, word, ...(await found(reader, word)) }).toMatchObject({ who, word, search: false, list: false, export: false, pick: false });
      }
    }
  });

  it('follows a change of visibility, and the rebuilt index holds the same', async () => {
    await as(t.app, editor).patch(`/api/specialists/${specialistId}`, { cvVisibility: { education: 'public', experience: 'public', publications: 'public' } });
    expect(await found(null, HIDDEN_EDUCATION)).toMatchObject({ search: true, list: true, export: true, pick: true });
    await as(t.app, editor).patch(`/api/specialists/${specialistId}`, { cvVisibility: { education: 'members', experience: 'members', publications: 'public' } });
    expect(await found(null, HIDDEN_EDUCATION)).toMatchObject({ search: false, list: false, export: false, pick: false });
    expect(await found(null, PUBLIC_WORD)).toMatchObject({ search: false, list: false, export: false, pick: false });
    await rebuildSearchIndexes(t.database);
    expect(await found(editor, HIDDEN_EDUCATION)).toMatchObject({ search: false, list: false, export: false, pick: false });
    expect(await found(editor, PUBLIC_WORD)).toMatchObject({ search: false, list: false, export: false, pick: false });
    expect(await found(editor, 'Guía abierta')).toMatchObject({ search: true, list: true, export: true, pick: true });
    await as(t.app, editor).patch(`/api/specialists/${specialistId}`, { cvVisibility: { education: 'members', experience: 'public', publications: 'public' } });
  });

  it('is what the migration writes over an index that held the whole CV', async () => {
    const folder = new URL('../../db/migrations/', import.meta.url);
    const name = readdirSync(folder).find((f) => f.endsWith('_specialists_public_cv_index.sql'))!;
    const migration = readFileSync(new URL(name, folder), 'utf8');
    const statements = reindexKnowledgeSourceStatements('specialist');
    expect(migration).toContain(statements.join('\n--> statement-breakpoint\n'));
    // The index as it was before: the whole CV in the body.
    t.database.sqlite.prepare(`UPDATE knowledge_fts SET body = body || ' ' || ? WHERE kind = 'specialist'`).run(HIDDEN_EDUCATION);
    expect(await found(null, HIDDEN_EDUCATION)).toMatchObject({ search: true, list: true });
    // PostgreSQL's index was born with the rule (its one search migration): rebuilding it is the repair.
    if (ENGINE === 'pg') await rebuildSearchIndexes(t.database);
    else for (const statement of statements) t.database.sqlite.exec(statement);
    expect(await found(null, HIDDEN_EDUCATION)).toMatchObject({ search: false, list: false, export: false, pick: false });
    expect(await found(null, PUBLIC_WORD)).toMatchObject({ search: true, list: true, export: true, pick: true });
  });
});

describe('answer counters count only what the reader may see', () => {
  it('leaves answers in private communities out for readers who cannot see them', async () => {
    for (const w of [open, closed]) {
      await as(t.app, w.admin).post(`/api/communities/${w.slug}/members/${specialistAccount.user.id}`, { status: 'active' });
      const question = await startThread(t.app, w.member, w.forumId, { title: `Pregunta en ${w.slug}`, kind: 'question' });
      const answer = await replyTo(t.app, specialistAccount, question.thread.id, 'Así lo hacemos.');
      const accepted = await as(t.app, w.member).post(`/api/threads/${question.thread.id}/accept`, { postId: answer.id });
      expect(accepted.statusCode).toBe(200);
    }
    const countsAs = async (reader: Account | null) => {
      const item = (await as(t.app, reader).get(`/api/specialists/${specialistId}`)).json().item;
      return { answers: item.answers, answered: item.answered.length };
    };
    expect(await countsAs(null)).toEqual({ answers: { total: 1, accepted: 1 }, answered: 1 });
    expect(await countsAs(open.member)).toEqual({ answers: { total: 1, accepted: 1 }, answered: 1 });
    expect(await countsAs(open.outsider)).toEqual({ answers: { total: 1, accepted: 1 }, answered: 1 });
    expect(await countsAs(closed.member)).toEqual({ answers: { total: 2, accepted: 2 }, answered: 2 });
    expect(await countsAs(open.admin)).toEqual({ answers: { total: 2, accepted: 2 }, answered: 2 });
  });
});
