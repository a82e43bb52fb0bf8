/**
 * A cooperation match and a response reach people by mail too, as their notification mail
 * preferences say (the "cooperation" choice): mailed with a link to the item, or not at all.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { institutions, specialists } from '../../db/schema/index.ts';
import { notificationMailerOf } from '../../server/modules/notification-mail/index.ts';
import { registerUser } from '../helpers/accounts.ts';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { as } from '../helpers/forums.ts';

let t: TestApp;

beforeAll(async () => {
  t = await buildTestApp({ mail: { smtpUrl: undefined, from: 'Minga <minga@example.org>', publicUrl: 'https://minga.example.org' } });
});
afterAll(async () => {
  await t?.app.close();
});

const mailsTo = (userId: number) =>
  t.database.sqlite.prepare("SELECT subject, text FROM mail_outbox WHERE user_id = ? AND kind = 'notification' ORDER BY id").all(userId) as { subject: string; text: string }[];

describe('cooperation notification mail', () => {
  it('mails the matched specialist and the poster, unless they chose never', async () => {
    const admin = await registerUser(t.app);
    const poster = await registerUser(t.app);
    const responder = await registerUser(t.app);
    const expert = await registerUser(t.app);
    const quiet = await registerUser(t.app);
    const [a, b] = await t.database.db.select({ id: institutions.id }).from(institutions).limit(2);
    await as(t.app, admin).put(`/api/institutions/${a!.id}/representatives/${poster.user.id}`);
    await as(t.app, admin).put(`/api/institutions/${b!.id}/representatives/${responder.user.id}`);
    for (const person of [expert, quiet]) {
      await t.database.db
        .insert(specialists)
        .values({ name: person.displayName, expertise: ['green_skills'], languages: ['es'], cv: { education: [], experience: [], publications: [] }, availability: [], cvVisibility: { education: 'public', experience: 'public', publications: 'public' }, userId: person.user.id });
    }
    expect((await as(t.app, quiet).put('/api/me/mail-preferences', { modes: { cooperation: 'never' } })).statusCode).toBe(200);

    const created = await as(t.app, poster).post('/api/cooperation', {
      kind: 'request',
      title: 'Competencias verdes en la construcción',
      body: 'Buscamos apoyo.',
      institutionId: a!.id,
      sectors: ['F'],
      themes: ['green_skills'],
    });
    expect(created.statusCode).toBe(201);
    const id = created.json().item.id as number;
    expect((await as(t.app, responder).post(`/api/cooperation/${id}/responses`, { body: 'Podemos ayudar.', institutionId: b!.id })).statusCode).toBe(201);

    await notificationMailerOf(t.database).runDue(new Date(Date.now() + 601_000));
    const toExpert = mailsTo(expert.user.id);
    expect(toExpert).toHaveLength(1);
    expect(toExpert[0]!.text).toContain(`https://minga.example.org/cooperation/${id}`);
    expect(toExpert[0]!.text).toContain('solicitud u oferta de cooperación');
    expect(mailsTo(quiet.user.id)).toEqual([]);
    const toPoster = mailsTo(poster.user.id);
    expect(toPoster).toHaveLength(1);
    expect(toPoster[0]!.text).toContain('respondió a una solicitud u oferta de cooperación');
  });
});
