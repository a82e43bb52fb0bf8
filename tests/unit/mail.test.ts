import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../server/config.ts';
import { renderMail } from '../../server/modules/mail/layout.ts';
import { createOutbox, mailDomain } from '../../server/modules/mail/outbox.ts';
import type { NewOutboxMessage, OutboxRepository } from '../../server/modules/mail/repository.ts';
import { backoffDelay, DEFAULT_SENDER_TIMING } from '../../server/modules/mail/sender.ts';

describe('mail configuration', () => {
  it('keeps mail without MINGA_SMTP_URL and links to localhost on the port', () => {
    expect(loadConfig({ PORT: '4000' }).mail).toEqual({ smtpUrl: undefined, from: 'Minga <minga@localhost>', publicUrl: 'http://localhost:4000' });
  });

  it('reads SMTP, From and the public URL (without a trailing slash)', () => {
    const mail = loadConfig({
      MINGA_SMTP_URL: 'smtps://minga:secreto@mail.example.org:465',
      MINGA_MAIL_FROM: 'Red Minga <red@example.org>',
      MINGA_PUBLIC_URL: 'https://minga.example.org/red/',
    }).mail;
    expect(mail).toEqual({ smtpUrl: 'smtps://minga:secreto@mail.example.org:465', from: 'Red Minga <red@example.org>', publicUrl: 'https://minga.example.org/red' });
  });

  it('refuses values that cannot work, saying what is expected', () => {
    expect(() => loadConfig({ MINGA_SMTP_URL: 'mail.example.org' })).toThrow(ConfigError);
    expect(() => loadConfig({ MINGA_SMTP_URL: 'http://mail.example.org' })).toThrow(/smtp:\/\//);
    expect(() => loadConfig({ MINGA_MAIL_FROM: 'Minga' })).toThrow(/MINGA_MAIL_FROM/);
    expect(() => loadConfig({ MINGA_PUBLIC_URL: 'minga.example.org' })).toThrow(/MINGA_PUBLIC_URL/);
    expect(() => loadConfig({ MINGA_PUBLIC_URL: 'ftp://minga.example.org' })).toThrow(/MINGA_PUBLIC_URL/);
  });

  it('names Message-IDs after the From domain', () => {
    expect(mailDomain('Minga <minga@example.org>')).toBe('example.org');
    expect(mailDomain('minga@red.example.org')).toBe('red.example.org');
  });
});

describe('retry timing', () => {
  it('retries first within 30 s, then waits longer each time, at most an hour, and keeps trying for over a day', () => {
    const timing = DEFAULT_SENDER_TIMING;
    expect(backoffDelay(1, timing)).toBeLessThanOrEqual(30_000);
    const delays = [1, 2, 3, 4, 5].map((n) => backoffDelay(n, { backoffBaseMs: 1000, backoffMaxMs: 1e9 }));
    for (let i = 1; i < delays.length; i += 1) expect(delays[i]!).toBeGreaterThan(delays[i - 1]!);
    expect(backoffDelay(40, timing)).toBeLessThanOrEqual(timing.backoffMaxMs * 1.1);
    expect(timing.giveUpAfterMs).toBeGreaterThanOrEqual(24 * 60 * 60_000);
  });
});

describe('the mail layout', () => {
  const content = {
    subject: 'Asunto <con> "comillas"',
    greeting: 'Hola, <script>alert(1)</script>:',
    paragraphs: ['Texto & más'],
    action: { label: 'Abrir', url: 'https://minga.example.org/x?a=1&b="2"' },
  };

  it('escapes every text and attribute in the HTML part, and keeps the text part as written', () => {
    const mail = renderMail(content, 'es');
    expect(mail.html).not.toContain('<script>');
    expect(mail.html).toContain('Hola, &lt;script&gt;alert(1)&lt;/script&gt;:');
    expect(mail.html).toContain('href="https://minga.example.org/x?a=1&amp;b=&quot;2&quot;"');
    expect(mail.html).toContain('<html lang="es">');
    expect(mail.text).toContain('Hola, <script>alert(1)</script>:');
    expect(mail.text).toContain('https://minga.example.org/x?a=1&b="2"');
  });

  it('adds the unsubscribe link to both parts only when given one', () => {
    expect(renderMail(content, 'en').text).not.toContain('Stop receiving');
    const listMail = renderMail(content, 'en', { unsubscribeUrl: 'https://minga.example.org/unsubscribe/k' });
    expect(listMail.html).toContain('Stop receiving these emails');
    expect(listMail.text).toContain('Stop receiving these emails: https://minga.example.org/unsubscribe/k');
  });
});

describe('the outbox headers', () => {
  const config = { smtpUrl: 'smtp://127.0.0.1:25', from: 'Minga <minga@example.org>', publicUrl: 'https://minga.example.org' };
  const templates = {
    password_reset: { transactional: true, build: () => ({ subject: 'Cuenta', paragraphs: ['x'] }) },
    digest: { transactional: false, build: () => ({ subject: 'Resumen', paragraphs: ['y'] }) },
  };
  function outboxCapturing() {
    const rows: NewOutboxMessage[] = [];
    const repo = { insert: (_writer: unknown, row: NewOutboxMessage) => (rows.push(row), rows.length) } as unknown as OutboxRepository;
    const outbox = createOutbox({ repo, writer: {} as never, config, delivering: true, templates: templates as never });
    return { rows, outbox };
  }
  const base = { to: 'ana@example.org', userId: 1, locale: 'es' as const, params: {} as never };

  it('puts one-click unsubscribe headers (URL and mailto) on mail that is not transactional', async () => {
    const { rows, outbox } = outboxCapturing();
    await outbox.enqueue({
      ...base,
      kind: 'digest' as never,
      eventKey: 'd1',
      unsubscribe: { url: outbox.link('/unsubscribe/k1'), mailto: 'unsubscribe+k1@example.org' },
    });
    expect(rows[0]!.headers['List-Unsubscribe']).toBe('<https://minga.example.org/unsubscribe/k1>, <mailto:unsubscribe+k1@example.org>');
    expect(rows[0]!.headers['List-Unsubscribe-Post']).toBe('List-Unsubscribe=One-Click');
    expect(rows[0]!.text).toContain('https://minga.example.org/unsubscribe/k1');
    await expect(outbox.enqueue({ ...base, kind: 'digest' as never, eventKey: 'd2' })).rejects.toThrow(/unsubscribe/);
  });

  it('leaves them off transactional mail, which gets a Message-ID of its own', async () => {
    const { rows, outbox } = outboxCapturing();
    await outbox.enqueue({ ...base, kind: 'password_reset', eventKey: 'r1', unsubscribe: { url: 'https://x/u', mailto: 'u@x' } });
    await outbox.enqueue({ ...base, kind: 'password_reset', eventKey: 'r2' });
    expect(rows[0]!.headers['List-Unsubscribe']).toBeUndefined();
    expect(rows[0]!.headers['List-Unsubscribe-Post']).toBeUndefined();
    expect(rows[0]!.transactional).toBe(true);
    expect(rows[0]!.headers['Message-ID']).not.toBe(rows[1]!.headers['Message-ID']);
  });
});
