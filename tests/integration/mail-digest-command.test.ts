/** `npm run mail:digests [-- --user <username>]`: the command itself, on a database file (its PostgreSQL database on that engine). */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../server/digests.ts';
import { buildTestApp } from '../helpers/app.ts';
import { databaseEnv, openTestDatabase } from '../helpers/postgres.ts';
import { registerUser } from '../helpers/accounts.ts';
import { buildWorld, startThread } from '../helpers/forums.ts';

const dir = mkdtempSync(join(tmpdir(), 'minga-digests-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the digest scheduler in the app', () => {
  it('is armed when the app is ready and leaves no timer after close', async () => {
    const t = await buildTestApp();
    expect(t.app.digestScheduler.idle()).toBe(false);
    await t.app.close();
    expect(t.app.digestScheduler.idle()).toBe(true);
  });
});

describe('npm run mail:digests', () => {
  it('refuses unknown arguments and a missing database with a usage line', async () => {
    expect(await main(['--user'], { MINGA_DB: join(dir, 'none.db') })).toBe(1);
    expect(await main(['--frequency', 'daily'], { MINGA_DB: join(dir, 'none.db') })).toBe(1);
    expect(await main([], { MINGA_DB: join(dir, 'none.db') })).toBe(1);
  });

  it('writes the due digest of the member asked for, once', async () => {
    const file = join(dir, 'minga.db');
    const t = await buildTestApp({ dbFile: file });
    const admin = await registerUser(t.app);
    const world = await buildWorld(t.app, { admin });
    await startThread(t.app, world.moderator, world.forumId, { title: 'Tema para el comando' });
    t.database.sqlite.prepare('UPDATE sessions SET last_seen_at = 0').run();
    await t.app.close();

    const env = { ...(await databaseEnv(file)), MINGA_PUBLIC_URL: 'https://minga.example.org' };
    expect(await main(['--user', world.member.username], env)).toBe(0);
    expect(await main(['--user', world.member.username], env)).toBe(0);
    const { database } = await openTestDatabase({ dbFile: file, skipSeed: true });
    const rows = database.sqlite.prepare("SELECT user_id AS userId, status, text FROM mail_outbox WHERE kind = 'digest'").all() as { userId: number; status: string; text: string }[];
    await database.close();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ userId: world.member.user.id, status: 'kept' });
    expect(rows[0]!.text).toContain('https://minga.example.org/t/');
  });
});
