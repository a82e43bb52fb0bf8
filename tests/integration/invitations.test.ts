import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { communityInvitations, mailOutbox, moderationLog, users } from '../../db/schema/index.ts';
import { defaultMailConfig } from '../../server/config.ts';
import { ORIGIN, registerUser } from '../helpers/accounts.ts';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { as, buildWorld, startThread, type World } from '../helpers/forums.ts';

const PUBLIC_URL = 'https://minga.example.org';
const DAY = 86_400_000;

let t: TestApp;
let w: World;
let threadId: number;

beforeAll(async () => {
  t = await buildTestApp({ mail: { ...defaultMailConfig(), publicUrl: PUBLIC_URL } });
  w = await buildWorld(t.app, { visibility: 'private', joinPolicy: 'approval' });
  threadId = (await startThread(t.app, w.member, w.forumId, { title: 'Plan de pasantías reservado' })).thread.id;
});
afterAll(async () => {
  await t.app.close();
});

type Account = World['member'];

async function invite(by: Account, body: Record<string, unknown> = {}, slug = w.slug) {
  const response = await as(t.app, by).post(`/api/communities/${slug}/invitations`, body);
  expect(response.statusCode, response.body).toBe(201);
  return response.json().invitation as { id: number; token: string; url: string; maxUses: number | null; expiresAt: string; email: string | null };
}

const accept = (who: Account | null, token: string) => as(t.app, who).post(`/api/invitations/${token}/accept`);
const verify = (account: Account) =>
  t.database.db.update(users).set({ emailVerifiedAt: new Date() }).where(eq(users.id, account.user.id));
const logActions = async () =>
  (await as(t.app, w.moderator).get(`/api/moderation/log?community=${w.slug}`)).json().items.map((e: { action: string }) => e.action) as string[];

describe('creating an invitation', () => {
  it('is for the community’s moderators and admins: 404 to visitors and outsiders of a private community, 403 to members', async () => {
    expect((await as(t.app, null).post(`/api/communities/${w.slug}/invitations`, {})).statusCode).toBe(404);
    expect((await as(t.app, w.outsider).post(`/api/communities/${w.slug}/invitations`, {})).statusCode).toBe(404);
    const member = await as(t.app, w.member).post(`/api/communities/${w.slug}/invitations`, {});
    expect(member.statusCode).toBe(403);
    expect((await as(t.app, w.member).get(`/api/communities/${w.slug}/invitations`)).statusCode).toBe(403);
    await invite(w.admin);
  });

  it('answers the link once, valid 7 days and unlimited by default, and keeps only a hash of the token', async () => {
    const before = Date.now();
    const invitation = await invite(w.moderator);
    expect(invitation.url).toBe(`${PUBLIC_URL}/invite/${invitation.token}`);
    expect(invitation.maxUses).toBeNull();
    expect(Math.abs(new Date(invitation.expiresAt).getTime() - (before + 7 * DAY))).toBeLessThan(60_000);
    const stored = (await t.database.db.select().from(communityInvitations).where(eq(communityInvitations.id, invitation.id)))[0]!;
    expect(stored.tokenHash).not.toContain(invitation.token);
    expect(JSON.stringify(stored)).not.toContain(invitation.token);
    const list = (await as(t.app, w.moderator).get(`/api/communities/${w.slug}/invitations`)).json();
    const listed = list.items.find((i: { id: number }) => i.id === invitation.id);
    expect(listed).toMatchObject({ uses: 0, maxUses: null, state: 'active', createdBy: { id: w.moderator.user.id } });
    expect(JSON.stringify(list)).not.toContain(invitation.token);
  });

  it('refuses uses and expiry out of bounds with a clear 400', async () => {
    for (const body of [{ maxUses: 0 }, { maxUses: 1001 }]) {
      expect((await as(t.app, w.moderator).post(`/api/communities/${w.slug}/invitations`, body)).statusCode).toBe(400);
    }
    for (const expiresAt of [new Date(Date.now() + 91 * DAY).toISOString(), new Date(Date.now() - DAY).toISOString(), 'pronto']) {
      const response = await as(t.app, w.moderator).post(`/api/communities/${w.slug}/invitations`, { expiresAt });
      expect(response.statusCode, expiresAt).toBe(400);
      expect(response.json().error).toMatchObject({ code: 'INVITATION_EXPIRY_INVALID', field: 'expiresAt' });
    }
    const bad = await as(t.app, w.moderator).post(`/api/communities/${w.slug}/invitations`, { email: 'no-es-correo' });
    expect(bad.json().error).toMatchObject({ code: 'EMAIL_INVALID', field: 'email' });
    await invite(w.moderator, { maxUses: 1000, expiresAt: new Date(Date.now() + 90 * DAY - 60_000).toISOString() });
  });
});

describe('accepting an invitation', () => {
  it('shows the community before accepting, even a secret one, and then makes it readable', async () => {
    const { token } = await invite(w.moderator);
    const guest = await registerUser(t.app);
    expect((await as(t.app, guest).get(`/api/forums/${w.forumId}/threads`)).statusCode).toBe(404);
    expect((await as(t.app, guest).get(`/api/threads/${threadId}`)).statusCode).toBe(404);

    const preview = await as(t.app, null).get(`/api/invitations/${token}`);
    expect(preview.statusCode).toBe(200);
    expect(preview.json()).toMatchObject({ community: { slug: w.slug, visibility: 'private' }, inviter: { id: w.moderator.user.id }, grants: 'active' });
    expect(JSON.stringify(preview.json())).not.toContain('Plan de pasantías');

    expect((await accept(null, token)).statusCode).toBe(401);
    const accepted = await accept(guest, token);
    expect(accepted.statusCode, accepted.body).toBe(200);
    expect(accepted.json()).toMatchObject({ community: { slug: w.slug }, status: 'active' });
    expect((await as(t.app, guest).get(`/api/forums/${w.forumId}/threads`)).statusCode).toBe(200);
    expect((await as(t.app, guest).get(`/api/threads/${threadId}`)).statusCode).toBe(200);
    expect(await logActions()).toEqual(expect.arrayContaining(['invitation.create', 'invitation.accept']));
  });

  it('answers 404 for a token nobody made', async () => {
    const someone = await registerUser(t.app);
    for (const token of ['x'.repeat(32), 'corto']) {
      expect((await as(t.app, null).get(`/api/invitations/${token}`)).statusCode).toBe(404);
      const response = await accept(someone, token);
      expect(response.statusCode).toBe(404);
      expect(response.json().error.code).toBe('INVITATION_NOT_FOUND');
    }
  });

  it('lets one account in on a single-use link; the next gets 410, and a member accepting again takes no use', async () => {
    const { id, token } = await invite(w.moderator, { maxUses: 1 });
    const first = await registerUser(t.app);
    const second = await registerUser(t.app);
    expect((await accept(first, token)).statusCode).toBe(200);
    expect((await accept(first, token)).statusCode).toBe(410);
    const late = await accept(second, token);
    expect(late.statusCode).toBe(410);
    expect(late.json().error.code).toBe('INVITATION_USED_UP');
    expect(late.json().error.message).toMatch(/\S/);
    expect((await as(t.app, second).get(`/api/forums/${w.forumId}/threads`)).statusCode).toBe(404);
    expect((await t.database.db.select().from(communityInvitations).where(eq(communityInvitations.id, id)))[0]!.uses).toBe(1);

    const two = await invite(w.moderator, { maxUses: 2 });
    expect((await accept(w.member, two.token)).statusCode).toBe(200);
    expect((await t.database.db.select().from(communityInvitations).where(eq(communityInvitations.id, two.id)))[0]!.uses).toBe(0);
  });

  it('gives the last use to one of two people accepting at once', async () => {
    const { token } = await invite(w.moderator, { maxUses: 1 });
    const [a, b] = [await registerUser(t.app), await registerUser(t.app)];
    const answers = await Promise.all([accept(a, token), accept(b, token)]);
    expect(answers.map((r) => r.statusCode).sort()).toEqual([200, 410]);
  });

  it('answers 410 once expired', async () => {
    const { id, token } = await invite(w.moderator);
    await t.database.db.update(communityInvitations).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(communityInvitations.id, id));
    const someone = await registerUser(t.app);
    const response = await accept(someone, token);
    expect(response.statusCode).toBe(410);
    expect(response.json().error.code).toBe('INVITATION_EXPIRED');
    expect((await as(t.app, null).get(`/api/invitations/${token}`)).statusCode).toBe(410);
    expect((await as(t.app, someone).get(`/api/forums/${w.forumId}/threads`)).statusCode).toBe(404);
  });

  it('answers 410 once revoked (moderators revoke; members cannot)', async () => {
    const { id, token } = await invite(w.moderator);
    expect((await as(t.app, w.member).delete(`/api/communities/${w.slug}/invitations/${id}`)).statusCode).toBe(403);
    expect((await as(t.app, w.moderator).delete(`/api/communities/${w.slug}/invitations/${id}`)).statusCode).toBe(204);
    const someone = await registerUser(t.app);
    const response = await accept(someone, token);
    expect(response.statusCode).toBe(410);
    expect(response.json().error.code).toBe('INVITATION_REVOKED');
    const listed = (await as(t.app, w.moderator).get(`/api/communities/${w.slug}/invitations`)).json().items.find((i: { id: number }) => i.id === id);
    expect(listed.state).toBe('revoked');
    expect(await logActions()).toContain('invitation.revoke');
    expect((await as(t.app, w.moderator).delete(`/api/communities/${w.slug}/invitations/999999`)).statusCode).toBe(404);
  });

  it('keeps a banned member banned', async () => {
    const banned = await registerUser(t.app);
    await as(t.app, w.moderator).post(`/api/communities/${w.slug}/members/${banned.user.id}`, { status: 'banned' });
    const { token } = await invite(w.moderator);
    const response = await accept(banned, token);
    expect(response.statusCode).toBe(403);
    expect(response.json().error.code).toBe('BANNED_FROM_COMMUNITY');
    expect((await as(t.app, banned).get(`/api/forums/${w.forumId}/threads`)).statusCode).toBe(404);
  });

  it('files a request instead when the inviter no longer moderates there', async () => {
    const former = await registerUser(t.app);
    await as(t.app, w.admin).post(`/api/communities/${w.slug}/members/${former.user.id}`, { role: 'moderator', status: 'active' });
    const { token } = await invite(former);
    await as(t.app, w.admin).post(`/api/communities/${w.slug}/members/${former.user.id}`, { role: 'member' });
    const someone = await registerUser(t.app);
    expect((await as(t.app, someone).get(`/api/invitations/${token}`)).json().grants).toBe('pending');
    const response = await accept(someone, token);
    expect(response.json().status).toBe('pending');
    expect((await as(t.app, someone).get(`/api/forums/${w.forumId}/threads`)).statusCode).toBe(404);
  });
});

describe('an invitation to an email address', () => {
  it('is mailed with its link, once, and only the account with that verified address may accept it', async () => {
    const invitee = await registerUser(t.app);
    const other = await registerUser(t.app);
    await verify(other);
    const { token, maxUses, email } = await invite(w.moderator, { email: `  ${invitee.email.toUpperCase()} ` });
    expect(email).toBe(invitee.email.toLowerCase());
    expect(maxUses).toBe(1);

    const mails = await t.database.db.select().from(mailOutbox).where(eq(mailOutbox.kind, 'community_invitation'));
    const mail = mails.find((m) => m.recipient === invitee.email.toLowerCase());
    expect(mail).toBeDefined();
    expect(mail!.text).toContain(`${PUBLIC_URL}/invite/${token}`);
    expect(mail!.subject).toContain('comunidad');
    expect(mail!.text).toContain(w.moderator.displayName);

    const wrong = await accept(other, token);
    expect(wrong.statusCode).toBe(403);
    expect(wrong.json().error.code).toBe('INVITATION_EMAIL_MISMATCH');
    expect((await as(t.app, other).get(`/api/invitations/${token}`)).json()).toMatchObject({ addressed: true, addressMatches: false });
    // The right address, not yet confirmed: still refused.
    expect((await accept(invitee, token)).statusCode).toBe(403);
    await verify(invitee);
    expect((await accept(invitee, token)).statusCode).toBe(200);
    // The audit log keeps the action, not the invitee's address.
    const entries = await t.database.db.select().from(moderationLog).where(eq(moderationLog.action, 'invitation.create'));
    expect(entries.length).toBeGreaterThan(0);
    expect(JSON.stringify(entries)).not.toContain(invitee.email.toLowerCase());
  });
});

describe('invitations by mail', () => {
  it('are limited per person and hour (429 with when to try again); links without an address are not', async () => {
    const busy = await registerUser(t.app);
    await as(t.app, w.admin).post(`/api/communities/${w.slug}/members/${busy.user.id}`, { role: 'moderator', status: 'active' });
    for (let i = 0; i < 30; i++) await invite(busy, { email: `persona${i}@minga.example` });
    const refused = await as(t.app, busy).post(`/api/communities/${w.slug}/invitations`, { email: 'otra@minga.example' });
    expect(refused.statusCode).toBe(429);
    expect(refused.json().error.code).toBe('RATE_LIMITED');
    expect(Number(refused.json().error.params.seconds)).toBeGreaterThan(3000);
    await invite(busy);
    await invite(w.moderator, { email: 'otra@minga.example' });
  });

  it('hold to the limit when many are sent at once: exactly 30 are mailed, the rest refused', async () => {
    const hasty = await registerUser(t.app);
    await as(t.app, w.admin).post(`/api/communities/${w.slug}/members/${hasty.user.id}`, { role: 'moderator', status: 'active' });
    const answers = await Promise.all(
      Array.from({ length: 40 }, (_, i) => as(t.app, hasty).post(`/api/communities/${w.slug}/invitations`, { email: `a-la-vez${i}@minga.example` })),
    );
    const codes = answers.map((r) => r.statusCode);
    expect(codes.filter((c) => c === 201)).toHaveLength(30);
    expect(codes.filter((c) => c === 429)).toHaveLength(10);
    const mailed = await t.database.db.select().from(communityInvitations).where(eq(communityInvitations.createdBy, hasty.user.id));
    expect(mailed).toHaveLength(30);
  });
});

describe('an erased account', () => {
  it('leaves its invitations to the community without its name, and revokes those to its address', async () => {
    const creator = await registerUser(t.app);
    await as(t.app, w.admin).post(`/api/communities/${w.slug}/members/${creator.user.id}`, { role: 'moderator', status: 'active' });
    const made = await invite(creator);
    const addressee = await registerUser(t.app);
    const addressed = await invite(w.moderator, { email: addressee.email });
    await t.app.bus.publish('user.erased', { userId: creator.user.id, email: creator.email });
    // The addressee erases their account through the real route: the address is gone from the row by the time the event arrives.
    const erased = await t.app.inject({
      method: 'DELETE',
      url: '/api/me',
      headers: { origin: ORIGIN, cookie: addressee.cookie },
      payload: { password: addressee.password, posts: 'keep' },
    });
    expect(erased.statusCode).toBe(204);
    const items = (await as(t.app, w.moderator).get(`/api/communities/${w.slug}/invitations?limit=100`)).json().items as { id: number; createdBy: unknown; state: string; email: string | null }[];
    expect(items.find((i) => i.id === made.id)).toMatchObject({ createdBy: null, state: 'active' });
    expect(items.find((i) => i.id === addressed.id)).toMatchObject({ state: 'revoked', email: null });
  });
});
