import { and, eq, inArray } from 'drizzle-orm';
import { cook, emptyResolver } from '../../server/lib/markdown.ts';
import { fold } from '../../server/modules/search/highlight.ts';
import { createMatcher } from '../../server/modules/cooperation/matching-repository.ts';
import { transaction } from '../access.ts';
import type { Db } from '../client.ts';
import { cooperationItems, cooperationMatches, cooperationResponses, institutionRepresentatives, institutions, users } from '../schema/index.ts';
import { COOPERATION_ITEMS } from './cooperation-data.ts';

const DAY = 86_400_000;

/** Demo accounts who represent their institution: they post its requests and answer others'. */
const REPRESENTATIVES = [
  { username: 'ana_docente', acronym: 'SENAI', countryCode: 'BR' },
  { username: 'jose_formador', acronym: 'INTECAP', countryCode: 'GT' },
] as const;

/**
 * About twenty cooperation requests and offers between real member institutions, with varied
 * statuses, some responses and the matches a new item would get. Posted by the institution's
 * representative where the demo has one, else by the editor (who acts for every institution).
 * Deterministic: the same rows for the same `now`.
 */
export async function seedCooperation(db: Db, options: { now: Date; progress: (line: string) => void }): Promise<{ items: number; responses: number }> {
  const institutionId = async (place: { acronym: string; countryCode: string }): Promise<number> => {
    const [row] = await db
      .select({ id: institutions.id })
      .from(institutions)
      .where(and(eq(institutions.acronym, place.acronym), eq(institutions.countryCode, place.countryCode)))
      .limit(1);
    if (!row) throw new Error(`cooperation seed: no institution ${place.acronym} (${place.countryCode})`);
    return row.id;
  };
  const people = new Map(
    (
      await db
        .select({ id: users.id, username: users.username })
        .from(users)
        .where(inArray(users.username, ['lucia_moderadora', ...REPRESENTATIVES.map((r) => r.username)]))
    ).map((u) => [u.username, u.id]),
  );
  const editor = people.get('lucia_moderadora') ?? null;
  const representativeOf = new Map<number, number>();
  for (const rep of REPRESENTATIVES) {
    const userId = people.get(rep.username);
    if (userId === undefined) continue;
    const place = await institutionId(rep);
    await db.insert(institutionRepresentatives).values({ institutionId: place, userId }).onConflictDoNothing();
    representativeOf.set(place, userId);
  }

  const matcher = await createMatcher(db);
  let responses = 0;
  await transaction(db, async () => {
    for (const [index, seed] of COOPERATION_ITEMS.entries()) {
      const place = await institutionId(seed.institution);
      const postedAt = new Date(options.now.getTime() - seed.daysAgo * DAY);
      const cooked = cook(seed.body, emptyResolver);
      const deadline = seed.deadlineIn ? new Date(postedAt.getTime() + seed.deadlineIn * DAY).toISOString().slice(0, 10) : null;
      const [{ id }] = await db
        .insert(cooperationItems)
        .values({
          kind: seed.kind,
          title: seed.title,
          body: seed.body,
          bodyHtml: cooked.html,
          bodyText: cooked.text,
          searchText: fold(`${seed.title}\n${cooked.text}`),
          institutionId: place,
          status: seed.status,
          sectors: seed.sectors,
          themes: seed.themes,
          expertise: seed.expertise,
          deadline,
          createdBy: representativeOf.get(place) ?? editor,
          createdAt: postedAt,
          updatedAt: postedAt,
        })
        .returning({ id: cooperationItems.id });
      const found = await matcher.match({ institutionId: place, sectors: seed.sectors, themes: seed.themes, expertise: seed.expertise });
      const matches = [...found.specialists, ...found.institutions].map((m) => ({ itemId: id, kind: m.kind, refId: m.refId, score: m.score }));
      if (matches.length) await db.insert(cooperationMatches).values(matches);
      for (const answer of seed.responses ?? []) {
        const from = await institutionId(answer.from);
        await db.insert(cooperationResponses).values({
          itemId: id,
          institutionId: from,
          authorId: representativeOf.get(from) ?? editor,
          body: answer.body,
          bodyHtml: cook(answer.body, emptyResolver).html,
          createdAt: new Date(postedAt.getTime() + answer.daysAfter * DAY),
        });
        responses += 1;
      }
      options.progress(`cooperation ${index + 1}/${COOPERATION_ITEMS.length}`);
    }
  });
  return { items: COOPERATION_ITEMS.length, responses };
}
