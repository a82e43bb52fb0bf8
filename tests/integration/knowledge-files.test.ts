import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { files, resources, users } from '../../db/schema/index.ts';
import { ORIGIN, registerUser } from '../helpers/accounts.ts';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { insertGuide, minimalPdf, minimalPng, multipartParts, sha256 } from '../helpers/files.ts';

/** The start of a Windows program ("MZ" and a PE header pointer), whatever it is named. */
function windowsProgram(): Buffer {
  const bytes = Buffer.alloc(512);
  bytes.write('MZ', 0, 'latin1');
  bytes.writeUInt32LE(0x80, 0x3c);
  bytes.write('PE\0\0', 0x80, 'latin1');
  return bytes;
}

/** Every regular file under a folder (none when it does not exist). */
function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((entry) => join(dir, entry))
    .filter((path) => statSync(path).isFile());
}

describe('files attached to resources', () => {
  let dir: string;
  let t: TestApp;
  let editor: { cookie: string };
  let member: { cookie: string };
  let resourceA: number;
  let resourceB: number;
  const filesDir = () => join(dir, 'files');

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'minga-files-test-'));
    t = await buildTestApp({ dbFile: join(dir, 'minga.db') });
    editor = await registerUser(t.app); // the first account is an admin
    member = await registerUser(t.app);
    resourceA = await insertGuide(t.database.db, 'Guía de soldadura por arco');
    resourceB = await insertGuide(t.database.db, 'Manual de seguridad en obra');
  });

  afterEach(async () => {
    await t.app.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const upload = (resourceId: number, part: { filename: string; type: string; data: Buffer }, cookie?: string) => {
    const body = multipartParts([{ name: 'file', ...part }]);
    return t.app.inject({
      method: 'POST',
      url: `/api/resources/${resourceId}/file`,
      headers: { 'content-type': body.contentType, ...(cookie ? { cookie, origin: ORIGIN } : {}) },
      payload: body.payload,
    });
  };

  it('stores a PDF under its hash, shows it on the resource and serves it back as a download', async () => {
    const pdf = minimalPdf();
    const response = await upload(resourceA, { filename: 'Guía de soldadura.pdf', type: 'application/pdf', data: pdf }, editor.cookie);
    expect(response.statusCode, response.body).toBe(200);
    const { file } = response.json();
    expect(file).toMatchObject({ name: 'Guía de soldadura.pdf', size: pdf.length, mime: 'application/pdf' });
    expect(file.url).toMatch(/^\/api\/files\/\d+$/);

    const hash = sha256(pdf);
    expect(readFileSync(join(filesDir(), hash.slice(0, 2), hash)).equals(pdf)).toBe(true);
    expect(filesUnder(filesDir())).toHaveLength(1);

    const detail = await t.app.inject({ method: 'GET', url: `/api/resources/${resourceA}` });
    expect(detail.json().item.file).toEqual(file);

    const download = await t.app.inject({ method: 'GET', url: file.url });
    expect(download.statusCode).toBe(200);
    expect(download.rawPayload.equals(pdf)).toBe(true);
    expect(download.headers['content-type']).toBe('application/pdf');
    expect(download.headers['content-disposition']).toBe("attachment; filename*=UTF-8''Gu%C3%ADa%20de%20soldadura.pdf");
    expect(download.headers['x-content-type-options']).toBe('nosniff');
    expect(download.headers['cache-control']).toMatch(/max-age=\d{7,}/);
    expect(Number(download.headers['content-length'])).toBe(pdf.length);

    const again = await t.app.inject({ method: 'GET', url: file.url, headers: { 'if-none-match': download.headers.etag as string } });
    expect(again.statusCode).toBe(304);
  });

  it('serves no file of a withdrawn resource (same answer as a missing file) until it is restored', async () => {
    const pdf = minimalPdf();
    const { file } = (await upload(resourceA, { filename: 'retirada.pdf', type: 'application/pdf', data: pdf }, editor.cookie)).json();
    expect((await t.app.inject({ url: file.url })).statusCode).toBe(200);
    const withdraw = await t.app.inject({ method: 'POST', url: `/api/resources/${resourceA}/withdraw`, headers: { cookie: editor.cookie, origin: ORIGIN }, payload: { reason: 'Duplicado' } });
    expect(withdraw.statusCode, withdraw.body).toBe(200);
    const gone = await t.app.inject({ url: file.url });
    expect(gone.statusCode).toBe(404);
    expect(gone.body).toBe((await t.app.inject({ url: '/api/files/99999999' })).body);
    await t.app.inject({ method: 'POST', url: `/api/resources/${resourceA}/restore`, headers: { cookie: editor.cookie, origin: ORIGIN } });
    expect((await t.app.inject({ url: file.url })).rawPayload.equals(pdf)).toBe(true);
  });

  it('accepts a PNG and serves it with its detected type, whatever it was declared as', async () => {
    const png = minimalPng();
    const response = await upload(resourceA, { filename: 'diagrama', type: 'application/octet-stream', data: png }, editor.cookie);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json().file).toMatchObject({ name: 'diagrama.png', mime: 'image/png', size: png.length });
    const download = await t.app.inject({ method: 'GET', url: response.json().file.url });
    expect(download.headers['content-type']).toBe('image/png');
    expect(download.rawPayload.equals(png)).toBe(true);
  });

  it('keeps the same bytes once, however many resources attach them', async () => {
    const pdf = minimalPdf();
    const first = await upload(resourceA, { filename: 'guia.pdf', type: 'application/pdf', data: pdf }, editor.cookie);
    const second = await upload(resourceB, { filename: 'otra-copia.pdf', type: 'application/pdf', data: pdf }, editor.cookie);
    expect(second.statusCode).toBe(200);
    expect(second.json().file.url).toBe(first.json().file.url);
    expect(await t.database.db.select().from(files)).toHaveLength(1);
    expect(filesUnder(filesDir())).toHaveLength(1);
  });

  it('refuses a program renamed as a PDF with 415, keeping nothing', async () => {
    const response = await upload(resourceA, { filename: 'manual.pdf', type: 'application/pdf', data: windowsProgram() }, editor.cookie);
    expect(response.statusCode).toBe(415);
    expect(response.json().error.code).toBe('FILE_TYPE_NOT_ALLOWED');
    expect(filesUnder(filesDir())).toEqual([]);
    expect(await t.database.db.select().from(files)).toEqual([]);
    const [row] = await t.database.db.select({ fileId: resources.fileId }).from(resources).where(eq(resources.id, resourceA));
    expect(row?.fileId).toBeNull();
  });

  it('refuses a file over 50 MB with 413 and leaves neither the file nor a temporary one on disk', async () => {
    const big = Buffer.alloc(50 * 1024 * 1024 + 1, 0x20);
    minimalPdf().copy(big);
    const response = await upload(resourceA, { filename: 'enorme.pdf', type: 'application/pdf', data: big }, editor.cookie);
    expect(response.statusCode).toBe(413);
    expect(response.json().error.code).toBe('FILE_TOO_LARGE');
    expect(filesUnder(filesDir())).toEqual([]);
    expect(await t.database.db.select().from(files)).toEqual([]);
  });

  it('lets only editors and admins attach or detach: 401 anonymous, 403 for a member', async () => {
    const pdf = minimalPdf();
    const anonymous = await upload(resourceA, { filename: 'a.pdf', type: 'application/pdf', data: pdf });
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.json().error.code).toBe('UNAUTHENTICATED');
    const asMember = await upload(resourceA, { filename: 'a.pdf', type: 'application/pdf', data: pdf }, member.cookie);
    expect(asMember.statusCode).toBe(403);
    expect(asMember.json().error.code).toBe('FORBIDDEN');
    expect(filesUnder(filesDir())).toEqual([]);

    const detach = await t.app.inject({ method: 'DELETE', url: `/api/resources/${resourceA}/file`, headers: { cookie: member.cookie, origin: ORIGIN } });
    expect(detach.statusCode).toBe(403);
  });

  it('lets an editor (not only an admin) attach, and detach again', async () => {
    const editorAccount = await registerUser(t.app);
    await t.database.db.update(users).set({ role: 'editor' }).where(eq(users.id, editorAccount.user.id));
    const uploaded = await upload(resourceA, { filename: 'guia.pdf', type: 'application/pdf', data: minimalPdf() }, editorAccount.cookie);
    expect(uploaded.statusCode, uploaded.body).toBe(200);
    const url = uploaded.json().file.url;

    const detach = await t.app.inject({ method: 'DELETE', url: `/api/resources/${resourceA}/file`, headers: { cookie: editorAccount.cookie, origin: ORIGIN } });
    expect(detach.statusCode).toBe(204);
    expect((await t.app.inject({ method: 'GET', url: `/api/resources/${resourceA}` })).json().item.file).toBeNull();
    // No resource uses it any more: it is no longer served.
    expect((await t.app.inject({ method: 'GET', url })).statusCode).toBe(404);
  });

  it('answers 4xx to a request without a file, a broken form, an unknown resource or file', async () => {
    const empty = await t.app.inject({
      method: 'POST',
      url: `/api/resources/${resourceA}/file`,
      headers: { cookie: editor.cookie, origin: ORIGIN, 'content-type': 'application/json' },
      payload: {},
    });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().error.code).toBe('FILE_MISSING');

    const wrongField = multipartParts([{ name: 'document', filename: 'a.pdf', type: 'application/pdf', data: minimalPdf() }]);
    const misnamed = await t.app.inject({
      method: 'POST',
      url: `/api/resources/${resourceA}/file`,
      headers: { cookie: editor.cookie, origin: ORIGIN, 'content-type': wrongField.contentType },
      payload: wrongField.payload,
    });
    expect(misnamed.json().error.code).toBe('FILE_MISSING');

    const broken = await t.app.inject({
      method: 'POST',
      url: `/api/resources/${resourceA}/file`,
      headers: { cookie: editor.cookie, origin: ORIGIN, 'content-type': 'multipart/form-data; boundary=xyz' },
      payload: '--xyz\r\nContent-Disposition: form-data; name="file"; filename="a.pdf"\r\n\r\n%PDF-1.4 and then the form stops',
    });
    expect(broken.statusCode).toBeGreaterThanOrEqual(400);
    expect(broken.statusCode).toBeLessThan(500);
    expect(filesUnder(filesDir())).toEqual([]);

    const missing = await upload(9999, { filename: 'a.pdf', type: 'application/pdf', data: minimalPdf() }, editor.cookie);
    expect(missing.statusCode).toBe(404);
    expect((await t.app.inject({ method: 'GET', url: '/api/files/9999' })).statusCode).toBe(404);
  });
});
