/**
 * A news item's picture (issue 18, part 1): whoever may edit the item uploads it; it is
 * re-encoded (WebP, no metadata, at most 1600 px wide) and served to anyone while the item is
 * out; anything but JPEG, PNG or WebP is refused; an unpublished item's picture is 404.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerUser } from '../helpers/accounts.ts';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { uploadFile } from '../helpers/files.ts';
import { as } from '../helpers/forums.ts';

type Account = Awaited<ReturnType<typeof registerUser>>;

let dir: string;
let t: TestApp;
let admin: Account;
let member: Account;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'minga-news-image-test-'));
  t = await buildTestApp({ dbFile: join(dir, 'minga.db') });
  admin = await registerUser(t.app);
  member = await registerUser(t.app);
});
afterAll(async () => {
  await t?.app.close();
  rmSync(dir, { recursive: true, force: true });
});

const upload = (account: Account, id: number, data: Buffer, filename = 'foto.jpg', type = 'image/jpeg') =>
  uploadFile(t.app, account, 'PUT', `/api/news/${id}/image`, data, filename, type);

describe('a news item’s picture', () => {
  it('is re-encoded, served while the item is out, refused when not an image or not theirs', async () => {
    const item = (await as(t.app, admin).post('/api/news', { title: 'Noticia con imagen', summary: 'Resumen.', body: 'Texto.', language: 'es' })).json().item;
    const photo = await sharp({ create: { width: 2400, height: 1200, channels: 3, background: '#336699' } })
      .jpeg()
      .withMetadata({ exif: { IFD0: { Copyright: 'secreto' } } })
      .toBuffer();

    expect((await upload(member, item.id, photo)).statusCode).toBe(403);
    const bad = await upload(admin, item.id, Buffer.from('no soy una imagen'), 'x.jpg');
    expect(bad.statusCode).toBe(415);
    expect(bad.json().error.field).toBe('file');

    const done = await upload(admin, item.id, photo);
    expect(done.statusCode, done.body).toBe(200);
    const url = done.json().item.image as string;
    expect(url).toMatch(new RegExp(`^/api/news/${item.id}/image/[0-9a-f]{64}$`));
    expect((await as(t.app, null).get(`/api/news/${item.id}`)).json().item.image).toBe(url);

    const served = await t.app.inject({ method: 'GET', url });
    expect(served.statusCode).toBe(200);
    expect(served.headers['content-type']).toBe('image/webp');
    const meta = await sharp(served.rawPayload).metadata();
    expect(meta).toMatchObject({ format: 'webp', width: 1600, height: 800 });
    expect(meta.exif).toBeUndefined();

    expect((await as(t.app, admin).delete(`/api/news/${item.id}`)).statusCode).toBe(204);
    expect((await t.app.inject({ method: 'GET', url })).statusCode).toBe(404);
  });
});
