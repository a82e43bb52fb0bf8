/**
 * Reply by email through real SMTP on both sides: Minga mails a member through a loopback
 * server (the sink), the member answers with a real SMTP client to Minga's own listener, and
 * the answer becomes a post, under every rule of posting, or a polite mail back.
 */
import { randomUUID } from 'node:crypto';
import type { ParsedMail } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mailReplyKeys } from '../../db/schema/index.ts';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { as, buildWorld, startThread, type World } from '../helpers/forums.ts';
import { inboundClient } from '../helpers/inbound-mail.ts';
import { setTrust } from '../helpers/moderation.ts';
import { startSmtpSink, type SmtpSink } from '../helpers/smtp.ts';

type Account = World['member'];

let sink: SmtpSink;
let t: TestApp;
let w: World;
let client: ReturnType<typeof inboundClient>;

beforeAll(async () => {
  sink = await startSmtpSink();
  t = await buildTestApp({
    mail: { smtpUrl: sink.url, from: 'Minga <minga@example.org>', publicUrl: 'https://minga.example.org', inbound: { port: 0, host: '127.0.0.1' } },
    mailTiming: { pollMs: 50, backoffBaseMs: 50 },
  });
  w = await buildWorld(t.app);
  await setTrust(t.app, w);
  client = inboundClient(t.app);
});
afterAll(async () => {
  client?.close();
  await t?.app.close();
  await sink?.close();
});

async function mailWithId(messageId: string): Promise<{ mail: ParsedMail; envelope: SmtpSink['envelopes'][number] }> {
  for (let n = 1; ; n += 1) {
    await sink.waitFor(n);
    const index = sink.messages.findIndex((m) => m.messageId === messageId);
    if (index >= 0) return { mail: sink.messages[index]!, envelope: sink.envelopes[index]! };
  }
}

/** A mail about a thread, as the notification mails will send it: with `replyThread`. */
async function mailAbout(account: Account, threadId: number) {
  const id = (await t.app.mail.outbox.enqueue({
    kind: 'password_reset',
    to: account.email,
    userId: account.user.id,
    locale: 'es',
    params: { displayName: account.displayName, username: account.username, resetUrl: 'https://minga.example.org/' },
    eventKey: `test:${randomUUID()}`,
    replyThread: { threadId },
  }))!;
  const row = (await t.app.mail.repo.findById(id))!;
  const { mail, envelope } = await mailWithId(row.headers['Message-ID']!);
  const replyTo = mail.replyTo?.value[0]?.address ?? '';
  return { row, mail, envelope, replyTo, key: /^reply\+([0-9a-f]{32})@/.exec(replyTo)?.[1] ?? '' };
}

async function postsOf(threadId: number): Promise<{ authorId: number; bodyHtml: string }[]> {
  const response = await as(t.app, w.moderator).get(`/api/threads/${threadId}`);
  expect(response.statusCode).toBe(200);
  return response.json().posts;
}

const reply = (account: Account, to: string, text: string, extra: Record<string, unknown> = {}) =>
  client.send({ from: `${account.displayName} <${account.email}>`, to, subject: 'Re: Rúbricas', text, ...extra });

/** Waits until a mail to `address` whose subject matches arrives after `since` messages. */
async function nextMailTo(address: string, since: number): Promise<ParsedMail> {
  for (let n = since + 1; ; n += 1) {
    const found = (await sink.waitFor(n)).slice(since).find((m) => (m.to && !Array.isArray(m.to) ? m.to.text : '').includes(address));
    if (found) return found;
  }
}

describe('mail about a thread', () => {
  it('carries Reply-To reply+<key>@ and the envelope sender bounce+<key>@ naming the message', async () => {
    const { thread } = await startThread(t.app, w.moderator, w.forumId);
    const { row, envelope, replyTo, key } = await mailAbout(w.member, thread.id);
    expect(replyTo).toMatch(/^reply\+[0-9a-f]{32}@example\.org$/);
    expect(row.bounceKey).toMatch(/^[0-9a-f]{32}$/);
    expect(envelope.from).toBe(`bounce+${row.bounceKey}@example.org`);
    expect(envelope.to).toEqual([w.member.email]);
    // Only the key's hash is kept.
    const stored = (await t.database.db.select().from(mailReplyKeys)).map((r) => r.keyHash);
    expect(stored).not.toContain(key);
    expect(stored).toHaveLength(new Set(stored).size);
    // Delivered, the admins' copy does not show the key (with it, mail could post as the member).
    const copy = await as(t.app, w.admin).get(`/api/admin/outbox/${row.id}`);
    expect(copy.statusCode).toBe(200);
    expect(copy.json().message.headers['Reply-To']).toBe('reply+…@example.org');
    expect(copy.body).not.toContain(key);
  });
});

describe('a reply by email', () => {
  const styles: [string, (quote: string) => string, string][] = [
    ['Spanish Gmail', (q) => `El lun, 7 dic 2026 a las 10:15, Minga <\nminga@example.org> escribió:\n\n${q}`, 'es'],
    ['Portuguese', (q) => `Em seg., 7 de dez. de 2026 às 10:15, Minga <minga@example.org> escreveu:\n\n${q}`, 'pt'],
    ['English', (q) => `On Mon, Dec 7, 2026 at 10:15 AM Minga <minga@example.org> wrote:\n\n${q}`, 'en'],
    ['Outlook', (q) => `________________________________\nFrom: Minga <minga@example.org>\nSent: Monday, December 7, 2026 10:15 AM\nTo: Ana\n\n${q.replace(/^> ?/gm, '')}`, 'outlook'],
    ['Gmail forward', (q) => `---------- Forwarded message ---------\nFrom: Minga <minga@example.org>\n\n${q}`, 'gmail'],
  ];

  for (const [style, quote, tag] of styles) {
    it(`becomes a post by the member, quote trimmed (${style})`, async () => {
      const { thread } = await startThread(t.app, w.moderator, w.forumId, { title: `Hilo ${tag}` });
      const { replyTo } = await mailAbout(w.member, thread.id);
      const text = `Respuesta **${tag}** desde el correo.\n\n${quote(`> Texto citado ${tag}\n> que no debe aparecer`)}\n`;
      const sent = await reply(w.member, replyTo, text);
      expect(sent.accepted).toEqual([replyTo]);
      const posts = await postsOf(thread.id);
      expect(posts).toHaveLength(2);
      expect(posts[1]!.authorId).toBe(w.member.user.id);
      expect(posts[1]!.bodyHtml).toContain(`<strong>${tag}</strong>`);
      expect(posts[1]!.bodyHtml).not.toContain('citado');
      expect(posts[1]!.bodyHtml).not.toContain('minga@example.org');
    });
  }

  it('delivered twice with the same Message-ID posts once', async () => {
    const { thread } = await startThread(t.app, w.moderator, w.forumId);
    const { replyTo } = await mailAbout(w.member, thread.id);
    const messageId = `<${randomUUID()}@mail.infotep.example>`;
    await reply(w.member, replyTo, 'Una sola vez, aunque llegue dos.', { messageId });
    await reply(w.member, replyTo, 'Una sola vez, aunque llegue dos.', { messageId });
    expect(await postsOf(thread.id)).toHaveLength(2);
  });

  it('from a vacation responder (Auto-Submitted) posts nothing and gets no mail back', async () => {
    const { thread } = await startThread(t.app, w.moderator, w.forumId);
    const { replyTo } = await mailAbout(w.member, thread.id);
    const since = sink.messages.length;
    await reply(w.member, replyTo, 'Estoy de vacaciones hasta el lunes.', { headers: { 'Auto-Submitted': 'auto-replied' } });
    expect(await postsOf(thread.id)).toHaveLength(1);
    // A refusal would be mailed at once; give the sender a moment, then nothing must have come.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(sink.messages.length).toBe(since);
  });

  it('written in HTML only (no text part) is posted from its text, quote trimmed', async () => {
    const { thread } = await startThread(t.app, w.moderator, w.forumId);
    const { replyTo } = await mailAbout(w.member, thread.id);
    const html = '<div dir="ltr">Respuesta <b>en HTML</b> nueva</div><br><div class="gmail_quote"><div class="gmail_attr">On Mon, Dec 7, 2026 at 10:15 AM Minga &lt;minga@example.org&gt; wrote:<br></div><blockquote class="gmail_quote">Texto citado viejo</blockquote></div>';
    await reply(w.member, replyTo, undefined as unknown as string, { html, text: undefined });
    const posts = await postsOf(thread.id);
    expect(posts).toHaveLength(2);
    expect(posts[1]!.bodyHtml).toContain('nueva');
    expect(posts[1]!.bodyHtml).not.toContain('citado');
  });

  it('from another address is refused: no post, nothing to that address, the member is told', async () => {
    const { thread } = await startThread(t.app, w.moderator, w.forumId);
    const { replyTo } = await mailAbout(w.member, thread.id);
    const since = sink.messages.length;
    const forged = 'impostor@evil.example';
    await client.send({ from: `Impostor <${forged}>`, to: replyTo, subject: 'Re: Rúbricas', text: 'Compren ya en evil.example' });
    expect(await postsOf(thread.id)).toHaveLength(1);
    const notice = await nextMailTo(w.member.email, since);
    expect(notice.text).toContain(forged);
    // A second forged mail with the same key: no post, and the member is not told again.
    await client.send({ from: `Impostor <${forged}>`, to: replyTo, subject: 'Re: Rúbricas', text: 'Otra vez' });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await postsOf(thread.id)).toHaveLength(1);
    const recipients = sink.envelopes.slice(since).flatMap((e) => e.to);
    expect(recipients).not.toContain(forged);
    expect(recipients.filter((to) => to === w.member.email)).toHaveLength(1);
  });

  it('to a locked thread is refused with a mail back in the member’s language', async () => {
    const { thread } = await startThread(t.app, w.moderator, w.forumId);
    const { replyTo } = await mailAbout(w.member, thread.id);
    expect((await as(t.app, w.member).patch('/api/me', { locale: 'en' })).statusCode).toBe(200);
    expect((await as(t.app, w.moderator).post(`/api/threads/${thread.id}/moderation`, { locked: true })).statusCode).toBe(200);
    const since = sink.messages.length;
    await reply(w.member, replyTo, 'Llego tarde, pero quería decir algo.');
    expect(await postsOf(thread.id)).toHaveLength(1);
    const back = await nextMailTo(w.member.email, since);
    expect(back.subject).toBe('Your reply by email was not posted');
    expect(back.text).toMatch(/closed|locked/i);
    expect(back.text).toContain('Llego tarde, pero quería decir algo.');
    expect(back.headers.has('list-unsubscribe')).toBe(false);
    await as(t.app, w.member).patch('/api/me', { locale: null });
  });

  it('by a silenced member is refused with a mail back', async () => {
    const silenced = await buildWorld(t.app, { admin: w.admin });
    const { thread } = await startThread(t.app, silenced.moderator, silenced.forumId);
    const { replyTo } = await mailAbout(silenced.member, thread.id);
    const until = new Date(Date.now() + 86_400_000);
    const silence = await as(t.app, silenced.moderator).post(`/api/communities/${silenced.slug}/members/${silenced.member.user.id}/silence`, {
      until: until.toISOString(),
      reason: 'Tono ofensivo',
    });
    expect(silence.statusCode).toBe(200);
    const since = sink.messages.length;
    await reply(silenced.member, replyTo, 'Quiero seguir hablando.');
    const response = await as(t.app, silenced.moderator).get(`/api/threads/${thread.id}`);
    expect(response.json().posts).toHaveLength(1);
    const back = await nextMailTo(silenced.member.email, since);
    expect(back.subject).toBe('Su respuesta por correo no se publicó');
    expect(back.text).toContain(until.toISOString().slice(0, 10));
  });

  it('by a suspended member is refused with a mail back', async () => {
    const other = await buildWorld(t.app, { admin: w.admin });
    const { thread } = await startThread(t.app, other.moderator, other.forumId);
    const { replyTo } = await mailAbout(other.member, thread.id);
    const until = new Date(Date.now() + 7 * 86_400_000).toISOString();
    expect((await as(t.app, w.admin).post(`/api/users/${other.member.user.id}/suspension`, { until, reason: 'Spam' })).statusCode).toBe(200);
    const since = sink.messages.length;
    await reply(other.member, replyTo, 'Sigo aquí.');
    expect((await as(t.app, other.moderator).get(`/api/threads/${thread.id}`)).json().posts).toHaveLength(1);
    expect((await nextMailTo(other.member.email, since)).text).toContain(until.slice(0, 10));
  });

  it('to a thread that was hidden meanwhile is refused without saying anything about it', async () => {
    const title = `Hilo que se ocultará ${randomUUID().slice(0, 8)}`;
    const { thread } = await startThread(t.app, w.moderator, w.forumId, { title });
    const { replyTo } = await mailAbout(w.member, thread.id);
    expect((await as(t.app, w.moderator).post(`/api/threads/${thread.id}/moderation`, { hidden: true })).statusCode).toBe(200);
    const since = sink.messages.length;
    await reply(w.member, replyTo, 'Respuesta a un hilo oculto.');
    expect(await postsOf(thread.id)).toHaveLength(1);
    const back = await nextMailTo(w.member.email, since);
    expect(back.text).toContain('ya no existe o usted ya no puede verla');
    expect(back.text).not.toContain(title);
    expect(back.text).not.toContain(`/t/${thread.id}`);
  });

  it('by someone who left the community is refused (membership is checked when the mail arrives)', async () => {
    const other = await buildWorld(t.app, { admin: w.admin });
    const { thread } = await startThread(t.app, other.moderator, other.forumId);
    const { replyTo } = await mailAbout(other.member, thread.id);
    expect((await as(t.app, other.member).post(`/api/communities/${other.slug}/leave`)).statusCode).toBe(200);
    const since = sink.messages.length;
    await reply(other.member, replyTo, 'Ya no soy miembro.');
    expect((await as(t.app, other.moderator).get(`/api/threads/${thread.id}`)).json().posts).toHaveLength(1);
    expect((await nextMailTo(other.member.email, since)).subject).toBe('Su respuesta por correo no se publicó');
  });
});

describe('the listener', () => {
  it('refuses unknown keys and addresses that are not ours at RCPT TO (550)', async () => {
    for (const to of ['reply+0123456789abcdef0123456789abcdef@example.org', 'postmaster@example.org', 'unsubscribe+0123456789abcdef0123456789abcdef@example.org']) {
      const error = await reply(w.member, to, 'Hola').then(
        () => null,
        (e: { responseCode?: number; rejectedErrors?: { responseCode?: number }[] }) => e,
      );
      expect(error, to).not.toBeNull();
      expect(error!.rejectedErrors?.[0]?.responseCode ?? error!.responseCode, to).toBe(550);
    }
  });

  it('refuses a message over 1 MB (552) and posts nothing', async () => {
    const { thread } = await startThread(t.app, w.moderator, w.forumId);
    const { replyTo } = await mailAbout(w.member, thread.id);
    const error = await reply(w.member, replyTo, `${'x'.repeat(100)}\n`.repeat(12_000)).then(
      () => null,
      (e: { responseCode?: number }) => e,
    );
    expect(error?.responseCode).toBe(552);
    expect(await postsOf(thread.id)).toHaveLength(1);
  });
});
