/** Deleting an account removes its picture: the address answers 404 and the bytes are gone (issue 19). */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ORIGIN, registerUser } from '../helpers/accounts.ts';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { uploadFile } from '../helpers/files.ts';

let dir: string;
let t: TestApp;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'minga-forget-avatar-'));
  t = await buildTestApp({ dbFile: join(dir, 'minga.db') });
});

afterAll(async () => {
  await t?.app.close();
  rmSync(dir, { recursive: true, force: true });
});

const storedFiles = () => readdirSync(join(dir, 'files'), { recursive: true, encoding: 'utf8' }).filter((p) => /[0-9a-f]{64}$/.test(p));

it('removes the avatar and its bytes with the account', async () => {
  await registerUser(t.app); // the admin
  const person = await registerUser(t.app);
  const picture = await sharp({ create: { width: 300, height: 300, channels: 3, background: '#1d4e89' } }).png().toBuffer();
  const uploaded = await uploadFile(t.app, person, 'PUT', '/api/me/avatar', picture, 'yo.png', 'image/png');
  expect(uploaded.statusCode).toBe(200);
  const url = uploaded.json().avatar as string;
  expect((await t.app.inject({ method: 'GET', url })).statusCode).toBe(200);
  expect(storedFiles()).toHaveLength(1);

  const done = await t.app.inject({ method: 'DELETE', url: '/api/me', headers: { origin: ORIGIN, cookie: person.cookie }, payload: { password: person.password, posts: 'keep' } });
  expect(done.statusCode).toBe(204);
  expect((await t.app.inject({ method: 'GET', url })).statusCode).toBe(404);
  expect(storedFiles()).toHaveLength(0);
});
