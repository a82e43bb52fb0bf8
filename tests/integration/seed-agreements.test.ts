/**
 * The demo agreements hang together: real member institutions as parties, known sector and
 * theme terms, and five spaces that are private communities whose members are exactly the
 * nominated people (an ended agreement's space archived), readable through the API.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDatabase } from '../../db/seed/index.ts';
import { buildApp } from '../../server/app.ts';
import { defaultRateLimits } from '../../server/config.ts';
import type { OpenedDb } from '../../db/client.ts';
import { hashPassword } from '../../server/modules/auth/passwords.ts';
import { openTestDatabase } from '../helpers/postgres.ts';

describe('demo agreements', () => {
  let database: OpenedDb;
  const all = <T>(query: string) => database.sqlite.prepare(query).all() as T[];

  beforeAll(async () => {
    database = (await openTestDatabase({ reference: false })).database;
    await seedDatabase(database.db, { reference: true, demoAccounts: true, demoPassword: 'contraseña-de-demo', hashPassword, scale: 0.02, now: new Date(Date.UTC(2026, 5, 1, 12)) });
  });
  afterAll(() => database?.close());

  it('records about fifteen agreements in every status, between two or three real institutions, with known areas', () => {
    const rows = all<{ id: number; status: string; parties: number }>(
      'SELECT a.id, a.status, (SELECT count(*) FROM agreement_parties p WHERE p.agreement_id = a.id) AS parties FROM agreements a',
    );
    expect(rows.length).toBeGreaterThanOrEqual(14);
    expect(new Set(rows.map((r) => r.status))).toEqual(new Set(['draft', 'in_force', 'ended']));
    for (const row of rows) expect([2, 3]).toContain(row.parties);
    expect(all('SELECT * FROM agreement_areas a LEFT JOIN vocab_terms v ON v.scheme = a.scheme AND v.code = a.code WHERE v.code IS NULL')).toEqual([]);
  });

  it('gives five agreements a private space whose members are exactly their nominated people, from the parties', async () => {
    const spaces = all<{ id: number; status: string; communityId: number; visibility: string; archived: number | null }>(
      `SELECT a.id, a.status, c.id AS communityId, c.visibility, c.archived_at AS archived FROM agreements a JOIN communities c ON c.id = a.space_community_id`,
    );
    expect(spaces).toHaveLength(5);
    for (const space of spaces) {
      expect(space.visibility).toBe('private');
      expect(space.archived !== null).toBe(space.status === 'ended');
      const members = all<{ userId: number }>(`SELECT user_id AS userId FROM community_members WHERE community_id = ${space.communityId} AND status = 'active' ORDER BY user_id`);
      const people = all<{ userId: number }>(`SELECT user_id AS userId FROM agreement_people WHERE agreement_id = ${space.id} ORDER BY user_id`);
      expect(members).toEqual(people);
      expect(people.length).toBeGreaterThanOrEqual(2);
      const outside = all(
        `SELECT * FROM agreement_people p WHERE p.agreement_id = ${space.id} AND p.institution_id NOT IN (SELECT institution_id FROM agreement_parties WHERE agreement_id = ${space.id})`,
      );
      expect(outside).toEqual([]);
      expect(all(`SELECT id FROM threads WHERE community_id = ${space.communityId}`).length).toBeGreaterThan(0);
    }

    const app = await buildApp({ config: { clientDir: undefined, rateLimits: defaultRateLimits() }, database });
    await app.ready();
    const list = (await app.inject({ method: 'GET', url: '/api/agreements?limit=100' })).json();
    expect(list.items.every((i: { status: string }) => i.status !== 'draft')).toBe(true);
    const [first] = spaces;
    const page = (await app.inject({ method: 'GET', url: `/api/agreements/${first!.id}` })).json().item;
    expect(page).toMatchObject({ hasSpace: true, space: null });
    await app.close();
  });
});
