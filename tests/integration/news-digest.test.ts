/**
 * The email digest has a News section (issue 18, part 1): the items published in the period,
 * those in the member's language first; an unpublished item is not there.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerUser } from '../helpers/accounts.ts';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { as } from '../helpers/forums.ts';

let t: TestApp;

beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(async () => {
  await t?.app.close();
});

describe('the digest’s News section', () => {
  it('lists the period’s news in the member’s language first, without unpublished ones', async () => {
    const admin = await registerUser(t.app);
    const reader = await registerUser(t.app);
    expect((await as(t.app, reader).patch('/api/me', { locale: 'pt' })).statusCode).toBe(200);
    const post = async (title: string, language: string) => {
      const response = await as(t.app, admin).post('/api/news', { title, summary: `Resumen: ${title}`, body: 'Texto.', language });
      expect(response.statusCode, response.body).toBe(201);
      return response.json().item.id as number;
    };
    await post('Noticia en español de la red', 'es');
    await post('Notícia em português da rede', 'pt');
    const withdrawn = await post('Noticia retirada antes del resumen', 'es');
    expect((await as(t.app, admin).delete(`/api/news/${withdrawn}`)).statusCode).toBe(204);

    t.database.sqlite.prepare('UPDATE sessions SET last_seen_at = 0').run();
    const report = await t.app.digests.runDue(new Date(Date.now() + 60_000));
    expect(report.sent).toBeGreaterThanOrEqual(1);
    const mail = t.database.sqlite.prepare("SELECT text, html FROM mail_outbox WHERE kind = 'digest' AND user_id = ?").get(reader.user.id) as { text: string; html: string };
    expect(mail, 'the reader gets a digest for the news alone').toBeDefined();
    expect(mail.text).toContain('Notícias da rede');
    const pt = mail.text.indexOf('Notícia em português da rede');
    const es = mail.text.indexOf('Noticia en español de la red');
    expect(pt).toBeGreaterThan(-1);
    expect(es).toBeGreaterThan(pt);
    expect(mail.text).not.toContain('Noticia retirada');
    expect(mail.html).toMatch(/\/news\/\d+/);
  });
});
