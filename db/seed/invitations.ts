import { createHash, randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { row } from '../access.ts';
import type { Db } from '../client.ts';
import { communityInvitations } from '../schema/index.ts';

const DAY = 86_400_000;

/**
 * Invitations in the demo's two private communities, made by each one's first moderator: in
 * the secret working group of labour-market observatories, a link for the observatories' teams
 * (in use) and an expired one; in the listed social-dialogue space, one addressed to a
 * workers' representative and one revoked. Tokens are random (only their hash is stored, as in
 * the app): the open link is printed once so the demo can be tried.
 */
export async function seedInvitations(db: Db, options: { now: Date; progress: (line: string) => void }): Promise<{ invitations: number; demoPath: string | null }> {
  const now = options.now.getTime();
  const moderatorOf = (slug: string) =>
    row<{ communityId: number; userId: number }>(
      db,
      sql`SELECT m.community_id AS "communityId", m.user_id AS "userId" FROM community_members m JOIN communities c ON c.id = m.community_id
          WHERE c.slug = ${slug} AND m.role = 'moderator' AND m.status = 'active' ORDER BY m.user_id LIMIT 1`,
    );
  const observatories = await moderatorOf('inteligencia-laboral');
  const dialogue = await moderatorOf('dialogo-social');
  if (!observatories || !dialogue) return { invitations: 0, demoPath: null };

  const token = () => randomBytes(24).toString('base64url');
  const hash = (value: string) => createHash('sha256').update(value).digest('hex');
  const open = token();
  const rows: (typeof communityInvitations.$inferInsert)[] = [
    // The observatories' teams of the network, for the next round of the labour-demand study.
    { communityId: observatories.communityId, createdBy: observatories.userId, tokenHash: hash(open), email: null, maxUses: 25, uses: 4, createdAt: new Date(now - 6 * DAY), expiresAt: new Date(now + 24 * DAY) },
    { communityId: observatories.communityId, createdBy: observatories.userId, tokenHash: hash(token()), email: null, maxUses: null, uses: 2, createdAt: new Date(now - 40 * DAY), expiresAt: new Date(now - 33 * DAY) },
    // A workers' representative joining the social-dialogue space (tripartite governance).
    { communityId: dialogue.communityId, createdBy: dialogue.userId, tokenHash: hash(token()), email: 'representacion.trabajadores@minga.example', maxUses: 1, uses: 0, createdAt: new Date(now - 2 * DAY), expiresAt: new Date(now + 5 * DAY) },
    { communityId: dialogue.communityId, createdBy: dialogue.userId, tokenHash: hash(token()), email: null, maxUses: 5, uses: 1, createdAt: new Date(now - 20 * DAY), expiresAt: new Date(now + 10 * DAY), revokedAt: new Date(now - 15 * DAY) },
  ];
  await db.insert(communityInvitations).values(rows);
  const demoPath = `/invite/${open}`;
  options.progress(`invitations: ${rows.length} (an open one to the secret observatories' group: ${demoPath})`);
  return { invitations: rows.length, demoPath };
}
