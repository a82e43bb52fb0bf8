/**
 * The other users of uploaded files on an S3 bucket, through two hosts of one site (one
 * database, one bucket): an agreement's documents keep their access rule (a draft's document is
 * 404 to a stranger on either host), a news picture is served by the other host, and a member's
 * data export is zipped by one host, downloaded through the other, and deleted from the bucket
 * when the member is erased. Nothing is written beside the database.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { FilesConfig } from '../../server/storage/index.ts';
import { registerUser } from '../helpers/accounts.ts';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { uploadFile } from '../helpers/files.ts';
import { as } from '../helpers/forums.ts';
import { bucketKeysOf, startS3Server, type S3Server } from '../helpers/s3.ts';
import { unzip } from '../helpers/zip.ts';

type Account = Awaited<ReturnType<typeof registerUser>>;

let s3: S3Server;
let dir: string;
let files: FilesConfig;
let first: TestApp;
let second: TestApp;
let admin: Account;
let member: Account;

const bucketKeys = (prefix?: string) => bucketKeysOf(files, prefix);

beforeAll(async () => {
  s3 = await startS3Server();
  dir = mkdtempSync(join(tmpdir(), 'minga-s3-areas-'));
  files = s3.files('areas/');
  const dbFile = join(dir, 'minga.db');
  // The first app starts first, so it holds the scheduler lease: data exports run there.
  first = await buildTestApp({ dbFile, files });
  second = await buildTestApp({ dbFile, files, skipSeed: true });
  admin = await registerUser(first.app); // the first account is an admin
  member = await registerUser(first.app);
});
afterAll(async () => {
  await first?.app.close();
  await second?.app.close();
  await s3?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('on an S3 bucket shared by two hosts', () => {
  it('an agreement draft’s document: uploaded on one host, read by staff on the other, 404 to a stranger on both', async () => {
    const institutions = (await as(first.app, null).get('/api/institutions?limit=100')).json().items as { id: number; countryCode: string }[];
    const [a, b] = institutions.filter((i, n) => institutions.findIndex((j) => j.countryCode === i.countryCode) === n);
    const created = await as(first.app, admin).post('/api/agreements', {
      title: 'Borrador reservado de formación',
      institutionIds: [a!.id, b!.id],
      startDate: '2025-03-01',
      objectives: 'Formar instructores.',
      status: 'draft',
    });
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json().item.id as number;
    const pdf = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n');
    const added = await uploadFile(first.app, admin, 'POST', `/api/agreements/${id}/documents`, pdf, 'Convenio.pdf', 'application/pdf');
    expect(added.statusCode, added.body).toBe(201);
    const [doc] = added.json().item.documents as { url: string }[];

    const read = await as(second.app, admin).get(doc!.url);
    expect(read.statusCode).toBe(200);
    expect(read.headers['content-type']).toBe('application/pdf');
    expect(Number(read.headers['content-length'])).toBe(pdf.length);
    expect(read.rawPayload.equals(pdf)).toBe(true);
    for (const app of [first, second]) {
      expect((await as(app.app, member).get(doc!.url)).statusCode).toBe(404);
      expect((await as(app.app, null).get(doc!.url)).statusCode).toBe(404);
    }
  });

  it('a news picture stored through one host is served by the other', async () => {
    const item = (await as(first.app, admin).post('/api/news', { title: 'Noticia con imagen', summary: 'Resumen.', body: 'Texto.', language: 'es' })).json().item;
    const photo = await sharp({ create: { width: 800, height: 400, channels: 3, background: '#336699' } }).jpeg().toBuffer();
    const done = await uploadFile(first.app, admin, 'PUT', `/api/news/${item.id}/image`, photo, 'foto.jpg', 'image/jpeg');
    expect(done.statusCode, done.body).toBe(200);
    const served = await second.app.inject({ method: 'GET', url: done.json().item.image as string });
    expect(served.statusCode).toBe(200);
    expect(served.headers['content-type']).toBe('image/webp');
    expect((await sharp(served.rawPayload).metadata()).width).toBe(800);
  });

  it('a data export is zipped into the bucket, downloaded through the other host, and deleted with the member', async () => {
    const asked = await as(first.app, member).post('/api/me/export');
    expect(asked.statusCode).toBe(202);
    const { id } = asked.json() as { id: number };
    await vi.waitFor(async () => expect((await as(first.app, member).get(`/api/me/export/${id}`)).json().status).toBe('ready'), { timeout: 15_000, interval: 100 });
    const status = (await as(second.app, member).get(`/api/me/export/${id}`)).json() as { url: string; size: number };
    expect(await bucketKeys('exports/')).toEqual([expect.stringMatching(/^exports\/export-.*\.zip$/)]);

    const download = await as(second.app, member).get(status.url);
    expect(download.statusCode).toBe(200);
    expect(Number(download.headers['content-length'])).toBe(status.size);
    const zip = await unzip(download.rawPayload);
    expect(JSON.parse(zip.get('profile.json')!.toString())).toMatchObject({ username: member.username });
    expect((await as(second.app, admin).get(status.url)).statusCode).toBe(404);

    await first.app.bus.publish('user.erased', { userId: member.user.id, email: member.email });
    await vi.waitFor(async () => expect(await bucketKeys('exports/')).toEqual([]));
    expect(existsSync(join(dir, 'files'))).toBe(false);
  });
});
