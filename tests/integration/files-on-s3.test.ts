import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ORIGIN, registerUser } from '../helpers/accounts.ts';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import type { FilesConfig } from '../../server/storage/index.ts';
import { filesUnder, insertGuide, minimalPdf, sha256, uploadFile } from '../helpers/files.ts';
import { bucketKeysOf, startS3Server, type S3Server } from '../helpers/s3.ts';

// Two hosts of one site: the same database, the same bucket, nothing on either host's disk.
describe('uploaded files in an S3 bucket, shared by two hosts', () => {
  let s3: S3Server;
  let dir: string;
  let first: TestApp;
  let second: TestApp;
  let files: FilesConfig;
  /** What this site keeps in the bucket (its own prefix), read with a client of its own. */
  const bucketKeys = () => bucketKeysOf(files);

  beforeAll(async () => {
    s3 = await startS3Server();
  });
  afterAll(async () => {
    await s3.close();
  });

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'minga-s3-hosts-'));
    const dbFile = join(dir, 'minga.db');
    files = s3.files(`site-${Math.random().toString(16).slice(2)}/`);
    first = await buildTestApp({ dbFile, files });
    second = await buildTestApp({ dbFile, files, skipSeed: true });
  });
  afterEach(async () => {
    await first.app.close();
    await second.app.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a resource’s file uploaded through one host downloads through the other, with its headers', async () => {
    const editor = await registerUser(first.app); // the first account is an admin
    const resourceId = await insertGuide(first.database.db, 'Guía de soldadura');
    const pdf = minimalPdf('soldadura');
    const uploaded = await uploadFile(first.app, editor, 'POST', `/api/resources/${resourceId}/file`, pdf, 'Guía.pdf', 'application/pdf');
    expect(uploaded.statusCode, uploaded.body).toBe(200);
    const { file } = uploaded.json() as { file: { url: string } };

    const download = await second.app.inject({ method: 'GET', url: file.url });
    expect(download.statusCode).toBe(200);
    expect(download.rawPayload.equals(pdf)).toBe(true);
    expect(download.headers['content-type']).toBe('application/pdf');
    expect(Number(download.headers['content-length'])).toBe(pdf.length);
    expect(download.headers['content-disposition']).toBe("attachment; filename*=UTF-8''Gu%C3%ADa.pdf");
    expect(download.headers['cache-control']).toMatch(/max-age=\d{7,}/);
    const again = await second.app.inject({ method: 'GET', url: file.url, headers: { 'if-none-match': download.headers.etag as string } });
    expect(again.statusCode).toBe(304);

    // A refused upload (a program named .pdf) keeps nothing, in the bucket or on the host.
    const program = Buffer.alloc(512);
    program.write('MZ', 0, 'latin1');
    const refused = await uploadFile(first.app, editor, 'POST', `/api/resources/${resourceId}/file`, program, 'factura.pdf', 'application/pdf');
    expect(refused.statusCode).toBe(415);
    expect(await bucketKeys()).toEqual([`${sha256(pdf).slice(0, 2)}/${sha256(pdf)}`]);
    expect(existsSync(join(dir, 'files'))).toBe(false);
    expect(filesUnder(join(tmpdir(), 'minga-staging')).filter((path) => path.startsWith('.upload-'))).toEqual([]);
  });

  it('an avatar uploaded through one host is served by the other, and gone from both once removed', async () => {
    const member = await registerUser(first.app);
    const picture = await sharp({ create: { width: 300, height: 200, channels: 3, background: '#00aa00' } }).jpeg().toBuffer();
    const put = await uploadFile(first.app, member, 'PUT', '/api/me/avatar', picture, 'foto.jpg', 'image/jpeg');
    expect(put.statusCode).toBe(200);
    const url = put.json().avatar as string;

    const served = await second.app.inject({ method: 'GET', url: `${url}?size=96` });
    expect(served.statusCode).toBe(200);
    expect(served.headers['content-type']).toBe('image/webp');
    expect((await sharp(served.rawPayload).metadata()).width).toBe(96);
    // In the bucket, and not on the hosts' disk.
    expect(await bucketKeys()).toEqual([expect.stringMatching(/^[0-9a-f]{2}\/[0-9a-f]{64}$/)]);
    expect(existsSync(join(dir, 'files'))).toBe(false);

    const removed = await second.app.inject({ method: 'DELETE', url: '/api/me/avatar', headers: { origin: ORIGIN, cookie: member.cookie } });
    expect(removed.statusCode).toBe(204);
    expect((await first.app.inject({ method: 'GET', url: `${url}?size=48` })).statusCode).toBe(404);
    expect(await bucketKeys()).toEqual([]);
  });
});
