import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { onPostgres } from '../../db/engine.ts';
import { backupDatabase, backupFilesDirFor } from '../../server/modules/operations/backup.ts';
import { ORIGIN, registerUser } from '../helpers/accounts.ts';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { png, uploadFile } from '../helpers/files.ts';
import { as, buildWorld, replyTo, startThread } from '../helpers/forums.ts';

type Account = Awaited<ReturnType<typeof registerUser>>;

/** A picture 600×400: the left 400 px red, the rest blue; carrying EXIF a member would not want to publish. */
async function photo(): Promise<Buffer> {
  const blue = await sharp({ create: { width: 200, height: 400, channels: 3, background: '#0000ff' } }).png().toBuffer();
  return sharp({ create: { width: 600, height: 400, channels: 3, background: '#ff0000' } })
    .composite([{ input: blue, left: 400, top: 0 }])
    .jpeg()
    .withExif({ IFD0: { Artist: 'secreto-del-autor', Copyright: 'gps-casa-42' } })
    .toBuffer();
}

/** A PNG of a few hundred bytes whose header claims 30,000 × 30,000 pixels: a decompression bomb. */
function bombPng(): Buffer {
  return png(30_000, 30_000, 0, Buffer.alloc(30_001 * 20)); // 8-bit grey
}

describe('avatars', () => {
  let dir: string;
  let t: TestApp;
  let member: Account;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'minga-avatars-test-'));
    t = await buildTestApp({ dbFile: join(dir, 'minga.db') });
    member = await registerUser(t.app);
  });

  afterEach(async () => {
    await t.app.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const upload = (account: Account | null, data: Buffer, query = '', filename?: string, type?: string) =>
    uploadFile(t.app, account, 'PUT', `/api/me/avatar${query}`, data, filename, type);
  const storedFiles = () => readdirSync(join(dir, 'files'), { recursive: true, encoding: 'utf8' }).filter((p) => /[0-9a-f]{64}$/.test(p));

  it('keeps the chosen square, re-encoded without its metadata, and serves it resized with a long cache', async () => {
    const response = await upload(member, await photo(), '?x=0&y=0&size=400');
    expect(response.statusCode).toBe(200);
    const url = response.json().avatar as string;
    expect(url).toMatch(new RegExp(`^/api/avatars/${member.user.id}/[0-9a-f]{16}$`));

    for (const size of [48, 96, 192]) {
      const image = await t.app.inject({ method: 'GET', url: `${url}?size=${size}` });
      expect(image.statusCode).toBe(200);
      expect(image.headers['content-type']).toBe('image/webp');
      expect(image.headers['cache-control']).toBe('public, max-age=31536000, immutable');
      const meta = await sharp(image.rawPayload).metadata();
      expect([meta.format, meta.width, meta.height]).toEqual(['webp', size, size]);
      expect(meta.exif).toBeUndefined();
      expect(image.rawPayload.includes('secreto-del-autor')).toBe(false);
      // The crop was the red left square, not the centred one (which would be a third blue).
      const { dominant } = await sharp(image.rawPayload).stats();
      expect(dominant.r).toBeGreaterThan(200);
      expect(dominant.b).toBeLessThan(60);
      const again = await t.app.inject({ method: 'GET', url: `${url}?size=${size}`, headers: { 'if-none-match': image.headers.etag as string } });
      expect(again.statusCode).toBe(304);
    }

    // The public profile and the post cards show it.
    const profile = await t.app.inject({ method: 'GET', url: `/api/users/${member.username}` });
    expect(profile.json().user.avatar).toBe(url);
    const world = await buildWorld(t.app, { admin: member });
    const { thread } = await startThread(t.app, member, world.forumId);
    const page = await t.app.inject({ method: 'GET', url: `/api/threads/${thread.id}` });
    expect(page.json().posts[0].author.avatar).toBe(url);

    // …and notifications about what they did.
    const { thread: theirs } = await startThread(t.app, world.moderator, world.forumId, { title: 'Otra pregunta del moderador' });
    await replyTo(t.app, member, theirs.id, 'Le respondo con mi foto nueva.');
    const told = (await as(t.app, world.moderator).get('/api/notifications')).json().items as { actor: { avatar?: string | null } | null }[];
    expect(told.length).toBeGreaterThan(0);
    expect(told[0]!.actor?.avatar).toBe(url);
  });

  it('centres the square when no crop is given', async () => {
    const response = await upload(member, await photo());
    expect(response.statusCode).toBe(200);
    const image = await t.app.inject({ method: 'GET', url: `${response.json().avatar}?size=96` });
    // The centred 400×400 square of the picture: columns 100–500, a quarter of them blue.
    const { channels } = await sharp(image.rawPayload).stats();
    expect(channels[2].mean).toBeGreaterThan(40);
    expect(channels[0].mean).toBeGreaterThan(150);
  });

  it('refuses what is too big, not an image, a decompression bomb or a square outside the picture, with a clear 4xx', async () => {
    const big = await upload(member, Buffer.alloc(9 * 1024 * 1024, 1));
    expect(big.statusCode).toBe(413);
    expect(big.json().error.code).toBe('FILE_TOO_LARGE');
    expect(big.json().error.message).toMatch(/8 MB/);

    const text = await upload(member, Buffer.from('%PDF-1.4 not a picture at all'), '', 'foto.jpg', 'image/jpeg');
    expect(text.statusCode).toBe(415);
    expect(text.json().error.code).toBe('AVATAR_IMAGE_INVALID');

    const gif = await sharp({ create: { width: 10, height: 10, channels: 3, background: '#00ff00' } }).gif().toBuffer();
    expect((await upload(member, gif, '', 'a.gif', 'image/gif')).json().error.code).toBe('AVATAR_IMAGE_INVALID');

    const bomb = await upload(member, bombPng(), '', 'bomb.png', 'image/png');
    expect(bomb.statusCode).toBe(400);
    expect(bomb.json().error.code).toBe('AVATAR_IMAGE_TOO_BIG');

    const outside = await upload(member, await photo(), '?x=300&y=0&size=400');
    expect(outside.statusCode).toBe(400);
    expect(outside.json().error.code).toBe('AVATAR_CROP_INVALID');

    const none = await t.app.inject({ method: 'PUT', url: '/api/me/avatar', headers: { origin: ORIGIN, cookie: member.cookie } });
    expect(none.statusCode).toBeGreaterThanOrEqual(400);
    expect(none.statusCode).toBeLessThan(500);

    expect((await upload(null, await photo())).statusCode).toBe(401);
    expect((await t.app.inject({ method: 'GET', url: `/api/users/${member.username}` })).json().user.avatar).toBeNull();
  });

  it('removes the picture: the old address is gone, its bytes too, initials again', async () => {
    const first = (await upload(member, await photo())).json().avatar as string;
    const second = (await upload(member, await photo(), '?x=200&y=0&size=400')).json().avatar as string;
    expect(second).not.toBe(first);
    expect((await t.app.inject({ method: 'GET', url: first })).statusCode).toBe(404);
    expect(storedFiles()).toHaveLength(1);

    const removed = await t.app.inject({ method: 'DELETE', url: '/api/me/avatar', headers: { origin: ORIGIN, cookie: member.cookie } });
    expect(removed.statusCode).toBe(204);
    expect((await t.app.inject({ method: 'GET', url: second })).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'GET', url: `/api/users/${member.username}` })).json().user.avatar).toBeNull();
    expect(storedFiles()).toHaveLength(0);
  });

  // Backups inside Minga are SQLite's (PostgreSQL's are pg_dump's).
  it.skipIf(onPostgres)('goes into backups with the uploaded files', async () => {
    await upload(member, await photo());
    const target = join(dir, 'backups', 'copy.db');
    const report = await backupDatabase(t.database.sqlite, target, { filesDir: join(dir, 'files') });
    expect(report.files.copied).toBe(1);
    const [stored] = storedFiles();
    expect(existsSync(join(backupFilesDirFor(target), stored))).toBe(true);
  });
});

describe('time zone', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await buildTestApp();
  });
  afterEach(async () => {
    await t.app.close();
  });

  it('is kept on the account, private to its owner', async () => {
    const member = await registerUser(t.app);
    const other = await registerUser(t.app);
    expect((await as(t.app, member).get('/api/me')).json().user.timeZone).toBeNull();
    const set = await as(t.app, member).patch('/api/me', { timeZone: 'America/Montevideo' });
    expect(set.statusCode).toBe(200);
    expect(set.json().user.timeZone).toBe('America/Montevideo');
    expect((await as(t.app, member).get('/api/session')).json().user.timeZone).toBe('America/Montevideo');

    for (const reader of [null, other, member]) {
      const profile = await as(t.app, reader).get(`/api/users/${member.username}`);
      expect(profile.statusCode).toBe(200);
      expect(profile.body).not.toContain('Montevideo');
      expect(profile.body).not.toContain('timeZone');
    }
  });

  it('refuses a zone that does not exist', async () => {
    const member = await registerUser(t.app);
    for (const timeZone of ['Mars/Olympus_Mons', '../etc/passwd', '']) {
      const response = await as(t.app, member).patch('/api/me', { timeZone });
      expect(response.statusCode).toBe(400);
      expect(response.json().error.code).toBe('TIME_ZONE_UNKNOWN');
    }
  });
});
