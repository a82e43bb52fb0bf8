/**
 * Verified affiliations (issue 19, part 4): institutions list their email domains (their
 * representatives and site staff only; public mail providers and another institution's
 * domains refused); a member whose VERIFIED address (or institutional sign-in) is at one of
 * them shows the badge with the institution they chose; otherwise a representative vouches;
 * the badge follows into the thread JSON (cached) and the profile, and goes with the address,
 * the institution or the account.
 */
import { and, desc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mailOutbox } from '../../db/schema/index.ts';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { ORIGIN, registerUser } from '../helpers/accounts.ts';
import { as, buildWorld, startThread, type World } from '../helpers/forums.ts';

type Account = Awaited<ReturnType<typeof registerUser>>;

let t: TestApp;
let w: World;
let rep: Account;
let senai: { id: number; acronym: string };
let other: { id: number; acronym: string };
let n = 0;

beforeAll(async () => {
  t = await buildTestApp();
  w = await buildWorld(t.app);
  const institutions = (await as(t.app, null).get('/api/institutions?limit=2')).json().items as { id: number; acronym: string }[];
  [senai, other] = institutions;
  rep = await registerUser(t.app);
  expect((await as(t.app, w.admin).put(`/api/institutions/${senai.id}/representatives/${rep.user.id}`)).statusCode).toBe(200);
  const saved = await as(t.app, rep).put(`/api/institutions/${senai.id}/domains`, { domains: ['senai.br', 'sp.senai.br'] });
  expect(saved.statusCode).toBe(200);
});
afterAll(async () => {
  await t?.app.close();
});

/** The link in the newest mail of this kind to this address (the outbox keeps it: no SMTP here). */
async function tokenMailed(to: string, kind: 'email_verify' | 'email_change_confirm'): Promise<string> {
  const [row] = await t.database.db.select().from(mailOutbox).where(and(eq(mailOutbox.recipient, to), eq(mailOutbox.kind, kind))).orderBy(desc(mailOutbox.id)).limit(1);
  const token = /token=([A-Za-z0-9_-]+)/.exec(row?.text ?? '')?.[1];
  if (!token) throw new Error(`no ${kind} mail to ${to}`);
  return token;
}

const post = (path: string, payload: object, cookie?: string) =>
  t.app.inject({ method: 'POST', url: path, headers: { origin: ORIGIN, ...(cookie ? { cookie } : {}) }, payload });

/** A member at `email` who chose `institutionId`, their address verified unless told otherwise. */
async function member(email: string, institutionId: number | null, options: { verify?: boolean } = {}): Promise<Account> {
  n += 1;
  const person = await registerUser(t.app, { username: `aff_${process.pid}_${n}`, email });
  if (institutionId !== null) expect((await as(t.app, person).patch('/api/me', { institutionId })).statusCode).toBe(200);
  if (options.verify !== false) expect((await post('/api/auth/verify-email', { token: await tokenMailed(email, 'email_verify') })).statusCode).toBe(200);
  return person;
}

const profile = async (person: Account) => (await as(t.app, null).get(`/api/users/${person.username}`)).json().user;

describe('institution domains', () => {
  it('are public; only a representative of the institution or site staff change them, validated', async () => {
    const read = await as(t.app, null).get(`/api/institutions/${senai.id}/domains`);
    expect(read.json()).toEqual({ domains: ['senai.br', 'sp.senai.br'], mayEdit: false });
    expect((await as(t.app, rep).get(`/api/institutions/${senai.id}/domains`)).json().mayEdit).toBe(true);
    expect((await as(t.app, null).get('/api/institutions/999999/domains')).statusCode).toBe(404);

    const put = (who: Account | null, id: number, domains: string[]) => as(t.app, who).put(`/api/institutions/${id}/domains`, { domains });
    expect((await put(null, senai.id, ['senai.br'])).statusCode).toBe(401);
    expect((await put(w.member, senai.id, ['senai.br'])).statusCode).toBe(403);
    expect((await put(rep, other.id, ['other.org'])).statusCode, 'a representative of another institution').toBe(403);
    expect((await put(rep, 999_999, ['x.org'])).statusCode).toBe(404);

    const gmail = await put(rep, senai.id, ['senai.br', 'Gmail.com']);
    expect(gmail.statusCode).toBe(400);
    expect(gmail.json().error).toMatchObject({ code: 'AFFILIATION_DOMAIN_PUBLIC', field: 'domains' });
    expect(gmail.json().error.message).toContain('gmail.com');
    for (const bad of ['senai', 'not a domain', 'x@senai.br', '-senai.br', 'senai..br']) {
      expect((await put(rep, senai.id, [bad])).json().error.code, bad).toBe('AFFILIATION_DOMAIN_INVALID');
    }
    const many = await put(rep, senai.id, Array.from({ length: 21 }, (_, i) => `d${i}.senai.br`));
    expect(many.json().error.code).toBe('AFFILIATION_DOMAINS_TOO_MANY');

    // Staff set another institution's; then its domain cannot be claimed by SENAI.
    expect((await put(w.admin, other.id, ['@Sena.edu.co '])).json()).toEqual({ domains: ['sena.edu.co'], mayEdit: true });
    const taken = await put(rep, senai.id, ['senai.br', 'sena.edu.co']);
    expect(taken.statusCode).toBe(409);
    expect(taken.json().error).toMatchObject({ code: 'AFFILIATION_DOMAIN_TAKEN', params: { domain: 'sena.edu.co', institution: other.acronym } });
    expect(taken.json().error.message).toContain(other.acronym);
    // Nothing changed on refusal.
    expect((await as(t.app, null).get(`/api/institutions/${senai.id}/domains`)).json().domains).toEqual(['senai.br', 'sp.senai.br']);
  });
});

describe('affiliation by address', () => {
  it('a verified address at a domain (or a subdomain) gives the badge; an unverified one does not', async () => {
    const ana = await member(`ana${process.pid}@senai.br`, senai.id);
    expect((await profile(ana)).affiliation).toMatchObject({ institutionId: senai.id, method: 'email', domain: 'senai.br', vouchedBy: null });

    const beto = await member(`beto${process.pid}@rj.senai.br`, senai.id);
    expect((await profile(beto)).affiliation).toMatchObject({ method: 'email', domain: 'senai.br' });
    const carla = await member(`carla${process.pid}@campinas.sp.senai.br`, senai.id);
    expect((await profile(carla)).affiliation, 'the listed subdomain is named').toMatchObject({ domain: 'sp.senai.br' });

    const dani = await member(`dani${process.pid}@senai.br`, senai.id, { verify: false });
    expect((await profile(dani)).affiliation ?? null).toBeNull();
    // A look-alike host is not a subdomain.
    const eva = await member(`eva${process.pid}@notsenai.br`, senai.id);
    expect((await profile(eva)).affiliation ?? null).toBeNull();
    // At the domain but showing another institution: no badge for that one.
    const fede = await member(`fede${process.pid}@senai.br`, other.id);
    expect((await profile(fede)).affiliation ?? null).toBeNull();
    // Choosing SENAI afterwards verifies it at once.
    await as(t.app, fede).patch('/api/me', { institutionId: senai.id });
    expect((await profile(fede)).affiliation).toMatchObject({ method: 'email' });

    const mine = (await as(t.app, dani).get('/api/me/affiliation')).json();
    expect(mine).toMatchObject({ institution: { id: senai.id }, affiliation: null, domains: ['senai.br', 'sp.senai.br'], emailVerified: false, revoked: false });
  });

  it('adding a domain verifies its members; removing it ends their badge', async () => {
    const gil = await member(`gil${process.pid}@firjan.com.br`, senai.id);
    expect((await profile(gil)).affiliation ?? null).toBeNull();
    await as(t.app, rep).put(`/api/institutions/${senai.id}/domains`, { domains: ['senai.br', 'sp.senai.br', 'firjan.com.br'] });
    expect((await profile(gil)).affiliation).toMatchObject({ method: 'email', domain: 'firjan.com.br' });
    await as(t.app, rep).put(`/api/institutions/${senai.id}/domains`, { domains: ['senai.br', 'sp.senai.br'] });
    expect((await profile(gil)).affiliation ?? null).toBeNull();
  });

  it('the badge is in the thread JSON and the profile, and goes when the address changes', async () => {
    const hugo = await member(`hugo${process.pid}@senai.br`, senai.id);
    await as(t.app, w.admin).post(`/api/communities/${w.slug}/members/${hugo.user.id}`, { status: 'active' });
    const { thread } = await startThread(t.app, hugo, w.forumId);
    const author = async () => (await as(t.app, null).get(`/api/threads/${thread.id}`)).json().posts[0].author;
    expect(await author()).toMatchObject({ username: hugo.username, institution: { id: senai.id }, affiliation: { method: 'email', domain: 'senai.br' } });

    const next = `hugo${process.pid}@example.org`;
    expect((await post('/api/me/email', { email: next, currentPassword: hugo.password }, hugo.cookie)).statusCode).toBe(202);
    expect((await post('/api/auth/confirm-email', { token: await tokenMailed(next, 'email_change_confirm') }, hugo.cookie)).statusCode).toBe(200);
    expect((await profile(hugo)).affiliation ?? null).toBeNull();
    expect((await author()).affiliation ?? null, 'the cached thread follows').toBeNull();
    // A vouch changes nothing else about the author: the cached thread follows all the same.
    await as(t.app, rep).post(`/api/institutions/${senai.id}/affiliations/${hugo.user.id}`);
    expect((await author()).affiliation).toMatchObject({ method: 'vouched', vouchedBy: { username: rep.username } });
  });
});

describe('affiliation by institutional sign-in', () => {
  it('an identity.linked with a verified address at a domain gives the badge (oidc); an unverified one does not', async () => {
    const ines = await member(`ines${process.pid}@example.org`, senai.id);
    await t.app.bus.publish('identity.linked', { userId: ines.user.id, providerId: 'sso', email: `ines@senai.br`, emailVerified: false });
    expect((await profile(ines)).affiliation ?? null).toBeNull();
    await t.app.bus.publish('identity.linked', { userId: ines.user.id, providerId: 'sso', email: `ines@senai.br`, emailVerified: true });
    expect((await profile(ines)).affiliation).toMatchObject({ method: 'oidc', domain: 'senai.br' });
    // A later profile change keeps it (it rests on the sign-in, not the account's address).
    await as(t.app, ines).patch('/api/me', { bio: 'Docente de mecatrónica.' });
    expect((await profile(ines)).affiliation).toMatchObject({ method: 'oidc' });

    // The sign-in may come before the member chooses the institution: shown once they do, and not for another.
    const jo = await member(`jo${process.pid}@example.org`, null);
    await t.app.bus.publish('identity.linked', { userId: jo.user.id, providerId: 'sso', email: `Jo@RJ.senai.br`, emailVerified: true });
    expect((await profile(jo)).affiliation ?? null).toBeNull();
    await as(t.app, jo).patch('/api/me', { institutionId: other.id });
    expect((await profile(jo)).affiliation ?? null).toBeNull();
    await as(t.app, jo).patch('/api/me', { institutionId: senai.id });
    expect((await profile(jo)).affiliation).toMatchObject({ method: 'oidc', domain: 'senai.br', institutionId: senai.id });
  });
});

describe('vouching', () => {
  it('a representative vouches for a member who chose the institution; others are refused', async () => {
    const juan = await member(`juan${process.pid}@example.org`, senai.id);
    const url = `/api/institutions/${senai.id}/affiliations/${juan.user.id}`;
    expect((await as(t.app, w.member).post(url)).statusCode).toBe(403);
    expect((await as(t.app, null).post(url)).statusCode).toBe(401);
    expect((await as(t.app, juan).post(url)).statusCode, 'not by themselves').toBe(403);

    const listed = (await as(t.app, rep).get(`/api/institutions/${senai.id}/affiliations`)).json();
    expect(listed.claimed.map((p: { username: string }) => p.username)).toContain(juan.username);
    const publicList = (await as(t.app, null).get(`/api/institutions/${senai.id}/affiliations`)).json();
    expect(publicList.claimed, 'the unverified are for those who may vouch').toBeUndefined();
    expect(publicList.verified.map((p: { username: string }) => p.username)).not.toContain(juan.username);

    const vouched = await as(t.app, rep).post(url);
    expect(vouched.statusCode).toBe(200);
    expect((await profile(juan)).affiliation).toMatchObject({ method: 'vouched', vouchedBy: { username: rep.username } });
    expect((await as(t.app, null).get(`/api/institutions/${senai.id}/affiliations`)).json().verified.map((p: { username: string }) => p.username)).toContain(juan.username);

    // Only for members who chose the institution.
    const kim = await member(`kim${process.pid}@example.org`, other.id);
    const refused = await as(t.app, rep).post(`/api/institutions/${senai.id}/affiliations/${kim.user.id}`);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.code).toBe('AFFILIATION_INSTITUTION_NOT_CHOSEN');

    // A vouch survives an address change; a change of institution ends it.
    const next = `juan${process.pid}@example.net`;
    await post('/api/me/email', { email: next, currentPassword: juan.password }, juan.cookie);
    await post('/api/auth/confirm-email', { token: await tokenMailed(next, 'email_change_confirm') }, juan.cookie);
    expect((await profile(juan)).affiliation).toMatchObject({ method: 'vouched' });
    await as(t.app, juan).patch('/api/me', { institutionId: other.id });
    expect((await profile(juan)).affiliation ?? null).toBeNull();
    await as(t.app, juan).patch('/api/me', { institutionId: senai.id });
    expect((await profile(juan)).affiliation ?? null).toBeNull();
  });

  it('a representative removes an affiliation by address: it does not come back by itself; a vouch does', async () => {
    const lu = await member(`lu${process.pid}@senai.br`, senai.id);
    const url = `/api/institutions/${senai.id}/affiliations/${lu.user.id}`;
    expect((await as(t.app, w.member).delete(url)).statusCode).toBe(403);
    expect((await as(t.app, rep).delete(url)).statusCode).toBe(204);
    expect((await profile(lu)).affiliation ?? null).toBeNull();
    await as(t.app, lu).patch('/api/me', { bio: 'Sigo en el SENAI.' });
    expect((await profile(lu)).affiliation ?? null).toBeNull();
    expect((await as(t.app, lu).get('/api/me/affiliation')).json().revoked).toBe(true);
    expect((await as(t.app, rep).delete(url)).statusCode).toBe(404);
    expect((await as(t.app, w.admin).post(url)).json().affiliation).toMatchObject({ method: 'vouched' });
  });
});

describe('an erased member', () => {
  it('loses their affiliation; the vouches they gave stay without their name', async () => {
    const voucher = await registerUser(t.app);
    await as(t.app, w.admin).put(`/api/institutions/${senai.id}/representatives/${voucher.user.id}`);
    const mia = await member(`mia${process.pid}@example.org`, senai.id);
    await as(t.app, voucher).post(`/api/institutions/${senai.id}/affiliations/${mia.user.id}`);
    expect((await profile(mia)).affiliation.vouchedBy).toMatchObject({ username: voucher.username });
    const nico = await member(`nico${process.pid}@senai.br`, senai.id);

    await t.app.bus.publish('user.erased', { userId: voucher.user.id, email: voucher.email });
    expect((await profile(mia)).affiliation).toMatchObject({ method: 'vouched', vouchedBy: null });
    await t.app.bus.publish('user.erased', { userId: nico.user.id, email: nico.email });
    const rows = t.database.sqlite.prepare('SELECT count(*) AS n FROM user_affiliations WHERE user_id = ?').get(nico.user.id) as { n: number };
    expect(rows.n).toBe(0);
  });
});

describe('the specialists directory and page trust the badge', () => {
  it('shows the linked account’s badge and filters the verified ones', async () => {
    const create = async (name: string) => {
      const created = await as(t.app, w.admin).post('/api/specialists', { name, institutionId: senai.id, expertise: ['dual'], languages: ['es'], summary: 'Formación dual.' });
      expect(created.statusCode).toBe(201);
      return created.json().item.id as number;
    };
    const verifiedId = await create('Olga Verificada');
    const claimedId = await create('Pablo Sinverificar');
    const olga = await member(`olga${process.pid}@senai.br`, senai.id);
    const pablo = await member(`pablo${process.pid}@example.org`, senai.id);
    expect((await as(t.app, w.admin).patch(`/api/specialists/${verifiedId}`, { userId: olga.username })).statusCode).toBe(200);
    expect((await as(t.app, w.admin).patch(`/api/specialists/${claimedId}`, { userId: pablo.username })).statusCode).toBe(200);

    const page = (await as(t.app, null).get(`/api/specialists/${verifiedId}`)).json().item;
    expect(page.user).toMatchObject({ username: olga.username, institution: { id: senai.id }, affiliation: { method: 'email', domain: 'senai.br' } });
    expect((await as(t.app, null).get(`/api/specialists/${claimedId}`)).json().item.user.affiliation).toBeNull();

    const all = (await as(t.app, null).get('/api/specialists?limit=50')).json();
    const byId = new Map(all.items.map((item: { id: number; verified?: boolean }) => [item.id, item.verified]));
    expect(byId.get(verifiedId)).toBe(true);
    expect(byId.get(claimedId)).toBe(false);
    const only = (await as(t.app, null).get('/api/specialists?verified=true&limit=1')).json();
    expect(only.items.map((item: { id: number }) => item.id)).toEqual([verifiedId]);
    expect(only.total).toBe(1);
    expect(only.nextCursor).toBeNull();
  });
});
