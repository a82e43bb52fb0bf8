/**
 * The real server process (node dist/server/main.js) and its uploaded files: on an S3 bucket
 * nothing lands beside the database, and the process says where the files are; on PostgreSQL
 * without a place for them it refuses to start, saying what to set.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { onPostgres } from '../../db/engine.ts';
import { projectRoot } from '../../server/lib/paths.ts';
import { ensureServerBuilt, startServerProcess } from '../helpers/process.ts';
import { startS3Server, type S3Server } from '../helpers/s3.ts';

let s3: S3Server;
let dir: string;

beforeAll(async () => {
  await ensureServerBuilt();
  s3 = await startS3Server();
  dir = mkdtempSync(join(tmpdir(), 'minga-files-process-'));
}, 180_000);
afterAll(async () => {
  await s3?.close();
  rmSync(dir, { recursive: true, force: true });
});

it('refuses to start on PostgreSQL without MINGA_FILES_DIR or a bucket, and says which to set', async () => {
  const child = spawn(process.execPath, [join(projectRoot(), 'dist/server/main.js')], {
    cwd: projectRoot(),
    env: { ...process.env, MINGA_DATABASE_URL: 'postgres://127.0.0.1:9/minga', MINGA_FILES_DIR: '', MINGA_S3_BUCKET: '', PORT: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let err = '';
  child.stderr.on('data', (chunk) => (err += chunk));
  const code = await new Promise((resolve) => child.once('exit', resolve));
  expect(code).toBe(1);
  expect(err).toContain('minga: On PostgreSQL, uploaded files need a place every host reaches: set MINGA_FILES_DIR');
});

// The server process runs on SQLite here (PostgreSQL's run is the engine of this test process only).
it.skipIf(onPostgres)('keeps an avatar uploaded to the real server in the bucket, none beside the database', async () => {
  const server = await startServerProcess({
    MINGA_DB: join(dir, 'minga.db'),
    MINGA_S3_ENDPOINT: s3.endpoint,
    MINGA_S3_BUCKET: s3.bucket,
    MINGA_S3_ACCESS_KEY_ID: 'S3RVER',
    MINGA_S3_SECRET_ACCESS_KEY: 'S3RVER',
    MINGA_S3_PREFIX: 'process/',
  });
  try {
    expect(server.output()).toContain('uploaded files: in an S3 bucket');
    expect(server.output()).not.toContain('the store cannot be used');
    const registered = await fetch(`${server.url}/api/auth/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: server.url },
      body: JSON.stringify({ username: 'foto_real', email: 'foto_real@example.org', password: 'tejido-andino-2026', displayName: 'Foto' }),
    });
    expect(registered.status).toBe(201);
    const cookie = registered.headers.getSetCookie().find((c) => c.startsWith('minga_session='))!.split(';')[0]!;
    const form = new FormData();
    const picture = await sharp({ create: { width: 200, height: 200, channels: 3, background: '#0077aa' } }).png().toBuffer();
    form.append('file', new Blob([picture], { type: 'image/png' }), 'foto.png');
    const put = await fetch(`${server.url}/api/me/avatar`, { method: 'PUT', headers: { origin: server.url, cookie }, body: form });
    expect(put.status).toBe(200);
    const avatar = await fetch(`${server.url}${(await put.json()).avatar}?size=48`);
    expect(avatar.status).toBe(200);
    expect(avatar.headers.get('content-type')).toBe('image/webp');
    expect(existsSync(join(dir, 'files'))).toBe(false);
  } finally {
    server.child.kill('SIGTERM');
    await server.exited;
  }
});
