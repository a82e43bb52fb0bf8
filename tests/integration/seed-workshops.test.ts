import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OpenedDb } from '../../db/client.ts';
import { seedForums } from '../../db/seed/forums/index.ts';
import { seedDatabase } from '../../db/seed/index.ts';
import { seedWorkshops } from '../../db/seed/workshops.ts';
import { buildApp, type App } from '../../server/app.ts';
import { defaultRateLimits } from '../../server/config.ts';
import { hashPassword } from '../../server/modules/auth/passwords.ts';
import type { Transcript, Workshop } from '../../shared/schemas/workshops.ts';
import { openTestDatabase } from '../helpers/postgres.ts';

describe('workshop demo data', () => {
  let database: OpenedDb;
  let app: App;
  const now = new Date();

  beforeAll(async () => {
    database = (await openTestDatabase({ reference: false })).database;
    await seedDatabase(database.db, { reference: true, demoAccounts: true, demoPassword: 'contraseña-de-demo', hashPassword, forums: false });
    const { password_hash: passwordHash } = database.sqlite.prepare("SELECT password_hash FROM users WHERE username = 'admin'").get() as { password_hash: string };
    await seedForums(database.db, { passwordHash, progress: () => {}, scale: 0.01 });
    await seedWorkshops(database.db, { now, progress: () => {} });
    app = await buildApp({ config: { clientDir: undefined, rateLimits: defaultRateLimits() }, database, closeDatabase: true });
  }, 90_000); // the knowledge bases at full scale, then the forums: slow on a busy machine
  afterAll(async () => {
    await app?.close();
  });

  const list = async (status: string) => (await app.inject({ url: `/api/workshops?status=${status}` })).json().items as Workshop[];

  it('has upcoming workshops, one live now with its room open, and past ones with a transcript', async () => {
    const [upcoming, live, past] = await Promise.all([list('upcoming'), list('live'), list('past')]);
    expect(upcoming.length).toBeGreaterThanOrEqual(3);
    expect(live).toHaveLength(1);
    expect(live[0]!.room.state).toBe('open');
    expect(past.length).toBeGreaterThanOrEqual(3);
    expect(new Set([...upcoming, ...live, ...past].map((w) => w.community.slug)).size).toBeGreaterThan(1);
    for (const workshop of [...upcoming, ...live, ...past]) {
      expect(workshop.community.visibility).toBe('public');
      expect(workshop.hosts.length).toBeGreaterThan(0);
    }
    const transcript = (await app.inject({ url: `/api/workshops/${past[0]!.id}/transcript` })).json() as Transcript;
    expect(transcript.messages.length).toBeGreaterThan(3);
    expect(transcript.questions.some((q) => q.answered && q.answerHtml)).toBe(true);
    const ids = transcript.messages.map((m) => m.id);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
  });
});
