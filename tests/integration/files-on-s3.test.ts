import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ORIGIN, registerUser } from '../helpers/accounts.ts';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { startS3Server, type S3Server } from '../helpers/s3.ts';

function multipart(data: Buffer, filename: string, type: string) {
  const boundary = `----minga${Math.random().toString(16).slice(2)}`;
  const payload = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: ${type}\r\n\r\n`),
    data,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { payload, contentType: `multipart/form-data; boundary=${boundary}` };
}

/** Every file under a folder (the S3 server's own folder holds the bucket's objects). */
const filesUnder = (dir: string) => (existsSync(dir) ? readdirSync(dir, { recursive: true, encoding: 'utf8' }) : []);

// Two hosts of one site: the same database, the same bucket, nothing on either host's disk.
describe('uploaded files in an S3 bucket, shared by two hosts', () => {
  let s3: S3Server;
  let dir: string;
  let first: TestApp;
  let second: TestApp;

  beforeAll(async () => {
    s3 = await startS3Server();
  });
  afterAll(async () => {
    await s3.close();
  });

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'minga-s3-hosts-'));
    const dbFile = join(dir, 'minga.db');
    const files = s3.files(`site-${Math.random().toString(16).slice(2)}/`);
    first = await buildTestApp({ dbFile, files });
    second = await buildTestApp({ dbFile, files, skipSeed: true });
  });
  afterEach(async () => {
    await first.app.close();
    await second.app.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('an avatar uploaded through one host is served by the other, and gone from both once removed', async () => {
    const member = await registerUser(first.app);
    const picture = await sharp({ create: { width: 300, height: 200, channels: 3, background: '#00aa00' } }).jpeg().toBuffer();
    const body = multipart(picture, 'foto.jpg', 'image/jpeg');
    const put = await first.app.inject({
      method: 'PUT',
      url: '/api/me/avatar',
      headers: { 'content-type': body.contentType, origin: ORIGIN, cookie: member.cookie },
      payload: body.payload,
    });
    expect(put.statusCode).toBe(200);
    const url = put.json().avatar as string;

    const served = await second.app.inject({ method: 'GET', url: `${url}?size=96` });
    expect(served.statusCode).toBe(200);
    expect(served.headers['content-type']).toBe('image/webp');
    expect((await sharp(served.rawPayload).metadata()).width).toBe(96);
    // In the bucket, and not on the hosts' disk.
    expect(filesUnder(s3.dir).some((path) => /[0-9a-f]{64}/.test(path))).toBe(true);
    expect(existsSync(join(dir, 'files'))).toBe(false);

    const removed = await second.app.inject({ method: 'DELETE', url: '/api/me/avatar', headers: { origin: ORIGIN, cookie: member.cookie } });
    expect(removed.statusCode).toBe(204);
    expect((await first.app.inject({ method: 'GET', url: `${url}?size=48` })).statusCode).toBe(404);
    expect(filesUnder(s3.dir).some((path) => /[0-9a-f]{64}/.test(path))).toBe(false);
  });
});
