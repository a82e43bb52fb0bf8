/**
 * Mailing-list mode through a real SMTP server on loopback: a member who chose a community gets
 * each new post by mail, threaded per thread, not their own, not a hidden one, and can turn it
 * off from the mail without signing in.
 */
import type { ParsedMail } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { as, buildWorld, replyTo, startThread, type World } from '../helpers/forums.ts';
import { startSmtpSink, type SmtpSink } from '../helpers/smtp.ts';

const PUBLIC_URL = 'https://minga.example.org';
const LATER = () => new Date(Date.now() + 10 * 60_000);
let sink: SmtpSink;
let t: TestApp;
let w: World;

beforeAll(async () => {
  sink = await startSmtpSink();
  t = await buildTestApp({ mail: { smtpUrl: sink.url, from: 'Minga <minga@example.org>', publicUrl: PUBLIC_URL } });
  w = await buildWorld(t.app);
});
afterAll(async () => {
  await t?.app.close();
  await sink?.close();
});

const raw = (mail: ParsedMail, name: string) => mail.headerLines.find((line) => line.key === name)?.line.replace(/\r?\n\s+/g, ' ');
const mailsTo = (address: string, subject?: string) =>
  sink.messages.filter((m) => m.to && !Array.isArray(m.to) && m.to.text.includes(address) && (!subject || (m.subject ?? '').includes(subject)));

async function deliver() {
  await t.app.mailingList.runDue(LATER());
  await t.app.mail.sender!.deliverDue();
  await new Promise((resolve) => setTimeout(resolve, 200));
}

const toggle = (account: World['member'], slug: string, enabled: boolean) =>
  t.app.inject({ method: 'PUT', url: `/api/communities/${slug}/mailing-list`, headers: { origin: 'http://localhost:80', cookie: account.cookie }, payload: { enabled } });

describe('mailing-list mode', () => {
  it('is turned on per community by members, and listed for the settings page', async () => {
    expect((await toggle(w.outsider, w.slug, true)).statusCode).toBe(403);
    const on = await toggle(w.member, w.slug, true);
    expect(on.statusCode).toBe(200);
    expect(on.json()).toEqual({ enabled: true });
    expect((await as(t.app, w.member).get(`/api/communities/${w.slug}/mailing-list`)).json()).toEqual({ enabled: true });
    const mine = await as(t.app, w.member).get('/api/me/mailing-lists');
    expect(mine.json().items).toEqual([{ slug: w.slug, name: expect.any(String) }]);
  });

  it('mails every new thread and reply with threading headers, never to its author', async () => {
    await toggle(w.moderator, w.slug, true);
    const { thread } = await startThread(t.app, w.member, w.forumId, { title: 'Rúbricas para la formación dual', body: 'Usamos **rúbricas** con @' + w.moderator.username });
    await deliver();
    const first = mailsTo(w.moderator.email, 'Rúbricas para la formación dual');
    expect(first).toHaveLength(1);
    expect(mailsTo(w.member.email, 'Rúbricas para la formación dual')).toHaveLength(0);
    expect(first[0]!.html).toContain('<strong>rúbricas</strong>');
    expect(first[0]!.html).toContain(`href="${PUBLIC_URL}/u/`);
    expect(first[0]!.text).not.toContain('**');
    expect(first[0]!.inReplyTo).toBe(`<thread-${thread.id}@example.org>`);

    const reply = await replyTo(t.app, w.moderator, thread.id, 'Nosotros también, con **listas de cotejo**.');
    await deliver();
    const replies = mailsTo(w.member.email, 'Rúbricas para la formación dual');
    expect(replies).toHaveLength(1);
    expect(replies[0]!.inReplyTo).toBe(`<thread-${thread.id}@example.org>`);
    expect(raw(replies[0]!, 'references')).toBe(`References: <thread-${thread.id}@example.org>`);
    expect(replies[0]!.text).toContain(`${PUBLIC_URL}/t/${thread.id}#post-${reply.id}`);
    expect(raw(replies[0]!, 'list-unsubscribe-post')).toBe('List-Unsubscribe-Post: List-Unsubscribe=One-Click');
    expect(mailsTo(w.moderator.email, 'Rúbricas para la formación dual')).toHaveLength(1);
  });

  it('does not mail a post a moderator hid before it was due, not even to a moderator', async () => {
    const { thread } = await startThread(t.app, w.member, w.forumId, { title: 'Hilo con una respuesta oculta' });
    await deliver();
    const before = mailsTo(w.moderator.email, 'Hilo con una respuesta oculta').length;
    expect(before).toBe(1);
    const spam = await replyTo(t.app, w.member, thread.id, 'Compre seguidores baratos aquí');
    expect((await as(t.app, w.moderator).post(`/api/posts/${spam.id}/moderation`, { hidden: true })).statusCode).toBe(200);
    await deliver();
    const after = mailsTo(w.moderator.email, 'Hilo con una respuesta oculta');
    expect(after).toHaveLength(before);
    expect(after.some((m) => (m.text ?? '').includes('seguidores'))).toBe(false);
  });

  it('does not mail a member who left a community that turned private', async () => {
    const world = await buildWorld(t.app, { admin: w.admin });
    await toggle(world.member, world.slug, true);
    expect((await as(t.app, world.member).post(`/api/communities/${world.slug}/leave`)).statusCode).toBe(200);
    await as(t.app, w.admin).patch(`/api/communities/${world.slug}`, { visibility: 'private' });
    await startThread(t.app, world.moderator, world.forumId, { title: 'Solo para miembros de verdad' });
    await deliver();
    expect(mailsTo(world.member.email, 'Solo para miembros de verdad')).toHaveLength(0);
  });

  it('a post waits its delay before it is mailed, and the scheduler runs with the app', async () => {
    expect(t.app.mailingList.scheduler.running).toBe(true);
    const { post } = await startThread(t.app, w.moderator, w.forumId, { title: 'Todavía en espera' });
    expect(await t.app.mailingList.runDue(new Date())).toBe(0);
    expect(await t.app.mailingList.runDue(LATER())).toBeGreaterThan(0);
    expect(await t.app.mailingList.runDue(LATER())).toBe(0);
    void post;
  });

  it('one-click unsubscribe from the mail turns the mode off without signing in', async () => {
    const mail = mailsTo(w.member.email, 'Rúbricas para la formación dual')[0]!;
    const url = /<(https:\/\/minga\.example\.org\/api\/mailing-list\/unsubscribe\/[A-Za-z0-9_-]+)>/.exec(raw(mail, 'list-unsubscribe') ?? '')?.[1];
    expect(url).toBeDefined();
    const response = await t.app.inject({
      method: 'POST',
      url: new URL(url!).pathname,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'List-Unsubscribe=One-Click',
    });
    expect(response.statusCode).toBe(200);
    expect((await as(t.app, w.member).get(`/api/communities/${w.slug}/mailing-list`)).json()).toEqual({ enabled: false });
    await startThread(t.app, w.moderator, w.forumId, { title: 'Después de darse de baja' });
    await deliver();
    expect(mailsTo(w.member.email, 'Después de darse de baja')).toHaveLength(0);
  });
});
