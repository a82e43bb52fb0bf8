import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINE } from '../../db/engine.ts';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { registerUser } from '../helpers/accounts.ts';
import { as } from '../helpers/forums.ts';

/**
 * The knowledge lists keep recent text matches in memory (for speed). A specialist's CV section
 * marked "members" must never make the record count, in the total or in any facet, for a
 * visitor's words: not before, and not after a section is closed, whether the change comes
 * through the API or straight into the database (an import, a migration).
 */

type Account = Awaited<ReturnType<typeof registerUser>>;
type List = { items: { id: number }[]; total: number; facets: Record<string, { value: string; count: number }[]> };

let t: TestApp;
let editor: Account;
let member: Account;
let specialistId: number;
const PUBLIC_WORD = 'oceanografía';
const HIDDEN_WORD = 'paleobotánica';
const LATER_HIDDEN = 'espeleología';

beforeAll(async () => {
  t = await buildTestApp();
  editor = await registerUser(t.app);
  member = await registerUser(t.app);
  t.database.sqlite.prepare("UPDATE users SET role = 'editor' WHERE id = ?").run(editor.user.id);
  // Another specialist, so that the facets are not empty for the visible words.
  const other = await as(t.app, editor).post('/api/specialists', {
    name: 'Other Person',
    expertise: ['dual'],
    languages: ['es'],
    countryCode: 'PE',
    summary: `Estudios de ${PUBLIC_WORD}.`,
    availability: [],
  });
  expect(other.statusCode).toBe(201);
  const created = await as(t.app, editor).post('/api/specialists', {
    name: 'Nadia Fortes',
    expertise: ['ict'],
    languages: ['pt'],
    countryCode: 'CV',
    summary: 'Formadora.',
    availability: ['answering'],
    cv: { education: [`Doutoramento em ${HIDDEN_WORD}`], experience: [`Consultora de ${PUBLIC_WORD} e ${LATER_HIDDEN}`], publications: [] },
    cvVisibility: { education: 'members', experience: 'public', publications: 'public' },
  });
  expect(created.statusCode).toBe(201);
  specialistId = created.json().item.id;
});
afterAll(async () => {
  await t.app.close();
});

async function list(reader: Account | null, query: string): Promise<List> {
  const response = await as(t.app, reader).get(`/api/specialists?${query}`);
  expect(response.statusCode).toBe(200);
  return response.json() as List;
}

/** Whether the record shows anywhere in the answer: items, total, or a count of one of its values. */
function counts(answer: List): { listed: boolean; total: number; CV: number; ict: number; pt: number } {
  const count = (facet: string, value: string) => answer.facets[facet]?.find((f) => f.value === value)?.count ?? 0;
  return {
    listed: answer.items.some((i) => i.id === specialistId),
    total: answer.total,
    CV: count('country', 'CV'),
    ict: count('theme', 'ict'),
    pt: count('language', 'pt'),
  };
}

const nowhere = { listed: false, total: 0, CV: 0, ict: 0, pt: 0 };

describe('words of members-only CV sections in the knowledge lists', () => {
  it('count the record nowhere, for a visitor or a member, with or without other filters', async () => {
    for (const reader of [null, member]) {
      for (const query of [`q=${HIDDEN_WORD}`, `q=${HIDDEN_WORD}&country=CV`, `q=${HIDDEN_WORD}&theme=ict&language=pt`, `q=paleobot`]) {
        expect({ query, ...counts(await list(reader, query)) }).toEqual({ query, ...nowhere });
      }
    }
    // The public words find it, and it counts in every facet.
    expect(counts(await list(null, `q=${LATER_HIDDEN}`))).toEqual({ listed: true, total: 1, CV: 1, ict: 1, pt: 1 });
  });

  it('stop counting a record as soon as its section is closed through the API', async () => {
    // Asked before the change, so the match is held in memory.
    expect(counts(await list(null, `q=${LATER_HIDDEN}`)).total).toBe(1);
    expect(counts(await list(null, `q=${LATER_HIDDEN}&country=PE`)).CV).toBe(1);
    const closed = await as(t.app, editor).patch(`/api/specialists/${specialistId}`, {
      cvVisibility: { education: 'members', experience: 'members', publications: 'public' },
    });
    expect(closed.statusCode).toBe(200);
    for (const query of [`q=${LATER_HIDDEN}`, `q=${LATER_HIDDEN}&country=PE`, `q=${LATER_HIDDEN}&theme=dual`]) {
      expect({ query, ...counts(await list(null, query)) }).toEqual({ query, ...nowhere });
    }
    // The other specialist still counts for the word they share.
    const shared = await list(null, `q=${PUBLIC_WORD}`);
    expect(counts(shared)).toEqual({ ...nowhere, total: 1 });
    expect(shared.facets.country).toEqual([{ value: 'PE', count: 1 }]);
  });

  it('stop counting it when the change is written straight into the database, without an event', async () => {
    await as(t.app, editor).patch(`/api/specialists/${specialistId}`, { cvVisibility: { education: 'members', experience: 'public', publications: 'public' } });
    expect(counts(await list(null, `q=${LATER_HIDDEN}`)).total).toBe(1);
    expect(counts(await list(null, `q=${LATER_HIDDEN}&theme=dual`)).ict).toBe(1);
    // As an import or a migration on the server's own connection would: no domain event, no new row.
    const membersOnly =
      ENGINE === 'pg'
        ? `jsonb_set(cv_visibility::jsonb, '{experience}', '"members"')::text`
        : `json_set(cv_visibility, '$.experience', 'members')`;
    t.database.sqlite.prepare(`UPDATE specialists SET cv_visibility = ${membersOnly} WHERE id = ?`).run(specialistId);
    for (const query of [`q=${LATER_HIDDEN}`, `q=${LATER_HIDDEN}&theme=dual`]) {
      expect({ query, ...counts(await list(null, query)) }).toEqual({ query, ...nowhere });
    }
  });
});
