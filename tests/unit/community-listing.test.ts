/**
 * The listing rule (a private community's name and description shown to everyone when it is
 * listed) has a policy for one community in hand and an SQL twin for lists: they must agree on
 * every kind of community and viewer, and neither may open the content rule.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { openDatabase, type OpenedDb } from '../../db/client.ts';
import { communities, communityMembers, users } from '../../db/schema/index.ts';
import { communityPolicy } from '../../server/modules/communities/policy.ts';
import { listedCommunity, readableCommunity } from '../../server/modules/communities/readable.ts';

let database: OpenedDb;
const kinds = [
  { slug: 'publica', visibility: 'public', listed: false },
  { slug: 'listada', visibility: 'private', listed: true },
  { slug: 'secreta', visibility: 'private', listed: false },
] as const;
const viewers = ['anonymous', 'outsider', 'pending', 'active', 'banned', 'admin'] as const;
const ids: Record<(typeof viewers)[number], number | null> = { anonymous: null, outsider: 1, pending: 2, active: 3, banned: 4, admin: 5 };

beforeAll(() => {
  database = openDatabase(':memory:');
  for (const [name, id] of Object.entries(ids)) {
    if (id === null) continue;
    database.db.insert(users).values({ id, username: name, email: `${name}@minga.example`, passwordHash: '', displayName: name, role: name === 'admin' ? 'admin' : 'member' }).run();
  }
  for (const kind of kinds) {
    const row = database.db.insert(communities).values({ ...kind, name: kind.slug, joinPolicy: 'approval' }).returning().get();
    for (const status of ['pending', 'active', 'banned'] as const) {
      database.db.insert(communityMembers).values({ communityId: row.id, userId: ids[status]!, status }).run();
    }
  }
});
afterAll(() => database?.close());

function sqlSays(condition: typeof listedCommunity, slug: string, viewer: number | null): boolean {
  const row = database.db
    .select({ ok: sql<number>`${condition(communities.id, viewer)}` })
    .from(communities)
    .where(sql`${communities.slug} = ${slug}`)
    .get();
  return row?.ok === 1;
}

describe('who sees a community’s listing, and its content', () => {
  it('the policy and its SQL twin agree for every community and viewer', () => {
    for (const kind of kinds) {
      const community = database.db.select().from(communities).where(sql`${communities.slug} = ${kind.slug}`).get()!;
      for (const viewer of viewers) {
        const id = ids[viewer];
        const actor = id === null ? null : { id, username: viewer, displayName: viewer, role: viewer === 'admin' ? ('admin' as const) : ('member' as const), locale: null };
        const membership = viewer === 'pending' || viewer === 'active' || viewer === 'banned' ? { role: 'member' as const, status: viewer } : null;
        const label = `${kind.slug} / ${viewer}`;
        expect(sqlSays(listedCommunity, kind.slug, id), label).toBe(communityPolicy.canSeeListing(actor, community, membership));
        expect(sqlSays(readableCommunity, kind.slug, id), label).toBe(communityPolicy.canSee(actor, community, membership));
      }
    }
  });

  it('a listed community shows everyone its listing and only members and admins its content; a secret one shows outsiders nothing', () => {
    for (const viewer of viewers) {
      expect(sqlSays(listedCommunity, 'listada', ids[viewer]), viewer).toBe(true);
      expect(sqlSays(readableCommunity, 'listada', ids[viewer]), viewer).toBe(viewer === 'active' || viewer === 'admin');
      expect(sqlSays(listedCommunity, 'secreta', ids[viewer]), viewer).toBe(viewer === 'active' || viewer === 'admin');
    }
  });
});
