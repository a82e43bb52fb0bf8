/**
 * Webhooks to a real loopback receiver: signed deliveries, retries through an outage, only
 * the content each endpoint may have, hidden bodies never sent, SSRF refused, admins only.
 */
import { createHmac } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { registerUser } from '../helpers/accounts.ts';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { as, buildWorld, replyTo, startThread } from '../helpers/forums.ts';
import { startReceiver, until } from '../helpers/webhook-receiver.ts';
import { scheduleWorkshop } from '../helpers/workshops.ts';
import { webhooksRepositories } from '../../server/modules/webhooks/index.ts';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

const FAST = { backoffMs: [100, 100, 100], pollMs: 50, leaseMs: 2_000 };

async function app(allowPrivate = true): Promise<TestApp> {
  const t = await buildTestApp({ webhooks: { allowPrivate }, webhookTiming: FAST });
  cleanups.push(() => t.app.close());
  return t;
}
async function receiver(status?: (n: number) => number) {
  const r = await startReceiver(status);
  cleanups.push(() => r.close());
  return r;
}
const sign = (secret: string, raw: string) => `sha256=${createHmac('sha256', secret).update(raw).digest('hex')}`;

describe('webhooks', () => {
  it('delivers a new thread signed with the secret, shown once, and logs the delivery', async () => {
    const t = await app();
    const world = await buildWorld(t.app);
    const r = await receiver();
    const created = await as(t.app, world.admin).post('/api/admin/webhooks', { url: r.url, events: ['thread.created', 'post.created'] });
    expect(created.statusCode).toBe(201);
    const { endpoint, secret } = created.json();
    expect(secret).toMatch(/^[0-9a-f]{64}$/);
    // The secret is never listed again.
    const listed = await as(t.app, world.admin).get('/api/admin/webhooks');
    expect(listed.json().items).toEqual([expect.objectContaining({ id: endpoint.id, url: r.url, active: true })]);
    expect(listed.body).not.toContain(secret);

    const { thread } = await startThread(t.app, world.member, world.forumId, { title: 'Rúbricas compartidas', body: 'Cuerpo **público** del hilo' });
    const hook = await until(() => r.received.find((h) => h.body.event === 'thread.created'));
    expect(hook.headers['x-minga-signature']).toBe(sign(secret, hook.raw));
    expect(hook.headers['x-minga-event']).toBe('thread.created');
    expect(hook.headers['x-minga-delivery']).toBe(hook.body.id);
    expect(hook.headers['user-agent']).toBe('Minga-Webhooks');
    expect(hook.headers['content-type']).toBe('application/json');
    expect(hook.body.data).toMatchObject({ thread: { id: thread.id, title: 'Rúbricas compartidas', community: { slug: world.slug } }, post: { number: 1 } });
    expect(JSON.stringify(hook.body.data)).toContain('<strong>público</strong>');

    await until(() => r.received.some((h) => h.body.event === 'post.created'));
    const items = await until(async () => {
      const list = (await as(t.app, world.admin).get(`/api/admin/webhooks/${endpoint.id}/deliveries`)).json().items as { event: string; status: string }[];
      return list.every((d) => d.status === 'delivered') ? list : null;
    });
    expect(items.map((d) => d.event).sort()).toEqual(['post.created', 'thread.created']);
    expect(items[0]).toMatchObject({ status: 'delivered', responseCode: 204, attempts: 1 });
  });

  it('retries a receiver that answers 500 until it recovers, under the same delivery id', async () => {
    const t = await app();
    const world = await buildWorld(t.app);
    const r = await receiver((n) => (n <= 2 ? 500 : 200));
    const { endpoint } = (await as(t.app, world.admin).post('/api/admin/webhooks', { url: r.url, events: ['thread.created'] })).json();
    await startThread(t.app, world.member, world.forumId);
    const hook = await until(() => r.received[0]);
    expect(r.attempts()).toBe(3);
    const items = await until(async () => {
      const list = (await as(t.app, world.admin).get(`/api/admin/webhooks/${endpoint.id}/deliveries`)).json().items;
      return list[0]?.status === 'delivered' ? list : null;
    });
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ deliveryId: hook.body.id, status: 'delivered', attempts: 3, responseCode: 200 });
  });

  it('sends a private community’s post only to the endpoint that included it', async () => {
    const t = await app();
    const open = await buildWorld(t.app);
    const closed = await buildWorld(t.app, { visibility: 'private', admin: open.admin });
    const r = await receiver();
    const admin = as(t.app, open.admin);
    const without = (await admin.post('/api/admin/webhooks', { url: `${r.url}?without`, events: ['post.created'] })).json().endpoint;
    const withIt = await admin.post('/api/admin/webhooks', { url: `${r.url}?with`, events: ['post.created'], includeCommunities: [closed.slug] });
    expect(withIt.statusCode).toBe(201);
    expect(withIt.json().endpoint.includeCommunities).toEqual([closed.slug]);
    // A public community cannot be "included" (it is always sent); a missing one neither.
    const wrong = await admin.post('/api/admin/webhooks', { url: r.url, events: ['post.created'], includeCommunities: [open.slug] });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error.code).toBe('WEBHOOK_COMMUNITY_NOT_PRIVATE');

    await startThread(t.app, closed.member, closed.forumId, { title: 'Solo miembros', body: 'Secreto-privado-42' });
    await startThread(t.app, open.member, open.forumId, { title: 'Para todos', body: 'Texto-publico-7' });
    await until(() => r.received.filter((h) => h.body.event === 'post.created').length >= 3);
    await new Promise((resolve) => setTimeout(resolve, 200));
    const toWith = (await admin.get(`/api/admin/webhooks/${withIt.json().endpoint.id}/deliveries`)).json().items;
    const toWithout = (await admin.get(`/api/admin/webhooks/${without.id}/deliveries`)).json().items;
    expect(toWith).toHaveLength(2);
    expect(toWithout).toHaveLength(1);
    const privateHooks = r.received.filter((h) => h.raw.includes('Secreto-privado-42'));
    expect(privateHooks).toHaveLength(1);
    expect(privateHooks[0]!.body.id).toBe(toWith.find((d: { deliveryId: string }) => d.deliveryId === privateHooks[0]!.body.id)?.deliveryId);
    expect(r.received.filter((h) => h.raw.includes('Texto-publico-7'))).toHaveLength(2);
  });

  it('never sends a hidden post’s body: post.hidden carries ids and the reason', async () => {
    const t = await app();
    const world = await buildWorld(t.app);
    const r = await receiver();
    const admin = as(t.app, world.admin);
    await admin.post('/api/admin/webhooks', { url: r.url, events: ['post.hidden', 'thread.hidden', 'post.edited'] });
    const { thread } = await startThread(t.app, world.member, world.forumId);
    const reply = await replyTo(t.app, world.member, thread.id, 'Cuerpo-oculto-99 que se ocultará');
    const hidden = await as(t.app, world.moderator).post(`/api/posts/${reply.id}/moderation`, { hidden: true, reason: 'spam evidente' });
    expect(hidden.statusCode).toBe(200);
    const hook = await until(() => r.received.find((h) => h.body.event === 'post.hidden'));
    expect(hook.body.data).toEqual({ postId: reply.id, threadId: thread.id, communityId: expect.any(Number), reason: 'spam evidente' });
    expect(hook.raw).not.toContain('Cuerpo-oculto-99');
    // The author edits the hidden post (if the API lets them): nothing of it is sent.
    await as(t.app, world.member).patch(`/api/posts/${reply.id}`, { body: 'Cuerpo-oculto-99 editado' });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(r.received.filter((h) => h.raw.includes('Cuerpo-oculto-99'))).toEqual([]);
    // A hidden thread: its id, community and the reason.
    expect((await as(t.app, world.moderator).post(`/api/threads/${thread.id}/moderation`, { hidden: true, reason: 'fuera de tema' })).statusCode).toBe(200);
    const threadHook = await until(() => r.received.find((h) => h.body.event === 'thread.hidden'));
    expect(threadHook.body.data).toEqual({ threadId: thread.id, communityId: expect.any(Number), reason: 'fuera de tema' });
  });

  it('withdraws a queued post that was hidden before the receiver came back', async () => {
    const t = await buildTestApp({ webhooks: { allowPrivate: true }, webhookTiming: { ...FAST, backoffMs: [1_500, 100] } });
    cleanups.push(() => t.app.close());
    const world = await buildWorld(t.app);
    const { thread } = await startThread(t.app, world.member, world.forumId);
    let up = false;
    const r = await receiver(() => (up ? 200 : 503));
    const admin = as(t.app, world.admin);
    const { endpoint } = (await admin.post('/api/admin/webhooks', { url: r.url, events: ['post.created'] })).json();
    const reply = await replyTo(t.app, world.member, thread.id, 'Cuerpo-retenido-55 que se ocultará');
    await until(() => r.attempts() >= 1);
    expect((await as(t.app, world.moderator).post(`/api/posts/${reply.id}/moderation`, { hidden: true })).statusCode).toBe(200);
    up = true;
    const item = await until(async () => {
      const first = (await admin.get(`/api/admin/webhooks/${endpoint.id}/deliveries`)).json().items[0];
      return first?.status === 'failed' ? first : null;
    });
    expect(item.lastError).toMatch(/withdrawn/);
    expect(r.received).toEqual([]);
  });

  it('refuses loopback, private, link-local and metadata targets without MINGA_WEBHOOKS_ALLOW_PRIVATE', async () => {
    const t = await app(false);
    const admin = await registerUser(t.app);
    for (const url of ['http://127.0.0.1:8080/x', 'http://10.0.0.1/x', 'http://[::1]/x', 'http://169.254.169.254/latest/meta-data', 'http://localhost:3000/x', 'http://192.168.1.10/', 'http://100.64.0.1/', 'http://[fd00::1]/', 'http://[::ffff:127.0.0.1]/', 'ftp://example.org/x', 'not a url']) {
      const response = await as(t.app, admin).post('/api/admin/webhooks', { url, events: ['thread.created'] });
      expect(response.statusCode, url).toBe(400);
      expect(response.json().error.code, url).toBe('WEBHOOK_URL_REFUSED');
      expect(response.json().error.message, url).toMatch(/internet pública/);
    }
    expect((await as(t.app, admin).get('/api/admin/webhooks')).json().items).toEqual([]);
  });

  it('checks again at delivery: a host that now resolves to loopback is not contacted', async () => {
    const t = await app(false);
    const admin = await registerUser(t.app);
    const r = await receiver();
    // As if DNS changed after registration: the row holds a name resolving to 127.0.0.1.
    const endpoint = await webhooksRepositories(t.database).webhooks.insertEndpoint({ url: `http://localhost:${r.port}/hooks`, secret: 'x'.repeat(32), events: ['thread.created'], includeCommunityIds: [] });
    const ping = await as(t.app, admin).post(`/api/admin/webhooks/${endpoint.id}/ping`);
    expect(ping.statusCode).toBe(202);
    const failed = await until(async () => {
      const item = (await as(t.app, admin).get(`/api/admin/webhooks/${endpoint.id}/deliveries`)).json().items[0];
      return item?.attempts >= 1 && item.lastError ? item : null;
    });
    expect(failed.lastError).toMatch(/refused/);
    expect(r.attempts()).toBe(0);
  });

  it('is for admins only: a visitor 401, a member 403, a missing endpoint 404', async () => {
    const t = await app();
    const world = await buildWorld(t.app);
    const r = await receiver();
    const { endpoint } = (await as(t.app, world.admin).post('/api/admin/webhooks', { url: r.url, events: ['thread.created'] })).json();
    for (const [method, url] of [
      ['GET', '/api/admin/webhooks'],
      ['POST', '/api/admin/webhooks'],
      ['PATCH', `/api/admin/webhooks/${endpoint.id}`],
      ['DELETE', `/api/admin/webhooks/${endpoint.id}`],
      ['GET', `/api/admin/webhooks/${endpoint.id}/deliveries`],
      ['POST', `/api/admin/webhooks/${endpoint.id}/ping`],
      ['POST', '/api/admin/webhooks/deliveries/1/redeliver'],
    ] as const) {
      const payload = method === 'POST' && url === '/api/admin/webhooks' ? { url: r.url, events: ['thread.created'] } : method === 'PATCH' ? { active: false } : undefined;
      const member = await t.app.inject({ method, url, headers: { origin: 'http://localhost:80', cookie: world.member.cookie }, ...(payload ? { payload } : {}) });
      expect(member.statusCode, `${method} ${url}`).toBe(403);
      const visitor = await t.app.inject({ method, url, headers: { origin: 'http://localhost:80' }, ...(payload ? { payload } : {}) });
      expect(visitor.statusCode, `${method} ${url}`).toBe(401);
    }
    expect((await as(t.app, world.admin).patch('/api/admin/webhooks/999', { active: false })).statusCode).toBe(404);
    expect((await as(t.app, world.admin).delete('/api/admin/webhooks/999')).statusCode).toBe(404);
    expect((await as(t.app, world.admin).post('/api/admin/webhooks/deliveries/999/redeliver')).statusCode).toBe(404);
    expect((await as(t.app, world.admin).get('/api/admin/webhooks')).json().items).toHaveLength(1);
  });

  it('pings, redelivers under the same id, pauses and resumes, deletes', async () => {
    const t = await app();
    const world = await buildWorld(t.app);
    const r = await receiver();
    const admin = as(t.app, world.admin);
    const { endpoint, secret } = (await admin.post('/api/admin/webhooks', { url: r.url, events: ['thread.created'], secret: 'un-secreto-elegido-por-la-admin' })).json();
    expect(secret).toBe('un-secreto-elegido-por-la-admin');
    const ping = (await admin.post(`/api/admin/webhooks/${endpoint.id}/ping`)).json().delivery;
    const first = await until(() => r.received.find((h) => h.body.event === 'ping'));
    expect(first.headers['x-minga-delivery']).toBe(ping.deliveryId);
    expect(first.headers['x-minga-signature']).toBe(sign(secret, first.raw));
    await until(async () => (await admin.get(`/api/admin/webhooks/${endpoint.id}/deliveries`)).json().items[0].status === 'delivered');

    const again = await admin.post(`/api/admin/webhooks/deliveries/${ping.id}/redeliver`);
    expect(again.statusCode).toBe(202);
    await until(() => r.received.length === 2);
    expect(r.received[1]!.headers['x-minga-delivery']).toBe(ping.deliveryId);
    expect(r.received[1]!.raw).toBe(first.raw);

    // Paused: new events are not queued for it; resumed, they are again.
    expect((await admin.patch(`/api/admin/webhooks/${endpoint.id}`, { active: false })).json().active).toBe(false);
    await startThread(t.app, world.member, world.forumId, { title: 'Durante la pausa' });
    await admin.patch(`/api/admin/webhooks/${endpoint.id}`, { active: true });
    await startThread(t.app, world.member, world.forumId, { title: 'Tras la pausa' });
    await until(() => r.received.some((h) => h.raw.includes('Tras la pausa')));
    expect(r.received.some((h) => h.raw.includes('Durante la pausa'))).toBe(false);

    expect((await admin.delete(`/api/admin/webhooks/${endpoint.id}`)).statusCode).toBe(204);
    expect((await admin.get('/api/admin/webhooks')).json().items).toEqual([]);
    expect((await admin.get(`/api/admin/webhooks/${endpoint.id}/deliveries`)).statusCode).toBe(404);
  });

  it('tells members joining, reports and edits, each from its own bus event', async () => {
    const t = await app();
    const world = await buildWorld(t.app);
    const r = await receiver();
    const admin = as(t.app, world.admin);
    await admin.post('/api/admin/webhooks', { url: r.url, events: ['member.joined', 'report.created', 'post.edited'] });
    const joiner = await registerUser(t.app);
    expect((await as(t.app, joiner).post(`/api/communities/${world.slug}/join`)).statusCode).toBeLessThan(300);
    const joined = await until(() => r.received.find((h) => h.body.event === 'member.joined'));
    expect(joined.body.data).toMatchObject({ community: { slug: world.slug }, user: { id: joiner.user.id } });

    const { thread, post } = await startThread(t.app, world.member, world.forumId);
    const reported = await as(t.app, world.moderator).post(`/api/posts/${post.id}/reports`, { reason: 'off_topic', note: 'nota privada del denunciante' });
    expect(reported.statusCode).toBe(201);
    const report = await until(() => r.received.find((h) => h.body.event === 'report.created'));
    expect(report.body.data).toMatchObject({ report: { targetType: 'post', targetId: post.id, threadId: thread.id, reason: 'off_topic' } });
    expect(report.raw).not.toContain('nota privada');

    expect((await as(t.app, world.member).patch(`/api/posts/${post.id}`, { body: 'Texto corregido por su autora' })).statusCode).toBe(200);
    const edited = await until(() => r.received.find((h) => h.body.event === 'post.edited'));
    expect(edited.raw).toContain('Texto corregido por su autora');
  });

  it('tells resources created then updated, and workshops scheduled, opened and closed (closed once)', async () => {
    const t = await app();
    const world = await buildWorld(t.app);
    const closed = await buildWorld(t.app, { visibility: 'private', admin: world.admin });
    const r = await receiver();
    const admin = as(t.app, world.admin);
    await admin.post('/api/admin/webhooks', { url: r.url, events: ['resource.created', 'resource.updated', 'workshop.scheduled', 'workshop.opened', 'workshop.closed'] });

    const created = await admin.post('/api/resources', { title: 'Guía de mecatrónica dual', summary: 'Alternancia.', type: 'guide', languages: ['es'], countryCode: 'BR', authors: ['Ana Souza'], topics: [], audiences: [] });
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json().item.id as number;
    await until(() => r.received.find((h) => h.body.event === 'resource.created'));
    expect((await admin.patch(`/api/resources/${id}`, { title: 'Guía de mecatrónica dual (2.ª ed.)' })).statusCode).toBe(200);
    const updated = await until(() => r.received.find((h) => h.body.event === 'resource.updated'));
    expect(updated.body.data).toMatchObject({ resource: { id, title: 'Guía de mecatrónica dual (2.ª ed.)' } });
    expect(r.received.filter((h) => h.body.event === 'resource.created')).toHaveLength(1);
    // Withdrawn: its id and former address only; restored: updated, whole again.
    await admin.post('/api/admin/webhooks', { url: r.url, events: ['resource.withdrawn'] });
    expect((await admin.post(`/api/resources/${id}/withdraw`, { reason: 'Duplicado' })).statusCode).toBe(200);
    const withdrawn = await until(() => r.received.find((h) => h.body.event === 'resource.withdrawn'));
    expect(withdrawn.body.data).toEqual({ resource: { id, page: expect.stringMatching(new RegExp(`/knowledge/resources/${id}$`)), withdrawnAt: expect.any(String) } });
    expect(withdrawn.raw).not.toContain('mecatrónica');
    expect(r.received.filter((h) => h.body.event === 'resource.updated')).toHaveLength(1);
    expect((await admin.post(`/api/resources/${id}/restore`)).statusCode).toBe(200);
    await until(() => r.received.filter((h) => h.body.event === 'resource.updated').length === 2 || undefined);

    const scheduled = await scheduleWorkshop(t.app, world.moderator, world.slug, { title: 'Taller abierto' });
    await until(() => r.received.find((h) => h.body.event === 'workshop.scheduled' && h.raw.includes('Taller abierto')));
    await scheduleWorkshop(t.app, closed.moderator, closed.slug, { title: 'Taller-privado-3' });
    expect((await as(t.app, world.moderator).post(`/api/workshops/${scheduled.id}/open`)).statusCode).toBe(200);
    await until(() => r.received.find((h) => h.body.event === 'workshop.opened'));
    expect((await as(t.app, world.moderator).post(`/api/workshops/${scheduled.id}/close`)).statusCode).toBe(200);
    const closing = await until(() => r.received.find((h) => h.body.event === 'workshop.closed'));
    expect(closing.body.data).toMatchObject({ workshop: { id: scheduled.id, room: 'closed' } });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(r.received.filter((h) => h.body.event === 'workshop.closed')).toHaveLength(1);
    expect(r.received.some((h) => h.raw.includes('Taller-privado-3'))).toBe(false);
  });

  it('stops cleanly on close: a delivery stuck on a silent receiver is cut within the grace, before the database closes', async () => {
    const t = await buildTestApp({ webhooks: { allowPrivate: true }, webhookTiming: { ...FAST, stopGraceMs: 200 } });
    let closed = false;
    cleanups.push(async () => {
      if (!closed) await t.app.close();
    });
    const sockets = new Set<import('node:net').Socket>();
    let arrived = 0;
    const silent = createServer(() => {
      arrived += 1; // never answers
    });
    silent.on('connection', (socket) => sockets.add(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    cleanups.push(async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    });
    const admin = await registerUser(t.app);
    const { endpoint } = (await as(t.app, admin).post('/api/admin/webhooks', { url: `http://127.0.0.1:${(silent.address() as AddressInfo).port}/`, events: ['thread.created'] })).json();
    const { delivery } = (await as(t.app, admin).post(`/api/admin/webhooks/${endpoint.id}/ping`)).json();
    await until(() => arrived >= 1);
    const started = Date.now();
    await t.app.close();
    closed = true;
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(t.database.sqlite.open).toBe(false);
    void delivery;
  });
});

