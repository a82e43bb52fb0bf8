import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import type { AddressInfo, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readAll, type BlobStore } from '../../server/storage/blob-store.ts';
import { createDirectoryStore } from '../../server/storage/directory-store.ts';
import { createS3Store } from '../../server/storage/s3-store.ts';
import { startS3Server, type S3Server } from '../helpers/s3.ts';

async function keys(listing: AsyncIterable<string>): Promise<string[]> {
  const found: string[] = [];
  for await (const key of listing) found.push(key);
  return found;
}

// The same promises from both stores: what the areas rely on when they keep and serve files.
let s3: S3Server;
let folder: string;

beforeAll(async () => {
  s3 = await startS3Server();
  folder = mkdtempSync(join(tmpdir(), 'minga-store-test-'));
});

afterAll(async () => {
  await s3.close();
  rmSync(folder, { recursive: true, force: true });
});

const stores: [string, () => BlobStore][] = [
  ['a folder', () => createDirectoryStore(join(folder, 'files'))],
  ['an S3 bucket', () => createS3Store((s3.files('site-a/') as { s3: Parameters<typeof createS3Store>[0] }).s3)],
];

describe.each(stores)('the store in %s', (_name, make) => {
  const sha = 'ab'.repeat(32);

  it('keeps bytes and streams, hands them back with their size, lists, removes', async () => {
    const store = make();
    expect(await store.get(`ab/${sha}`)).toBeNull();
    expect(await store.read(`ab/${sha}`)).toBeNull();
    expect(await store.exists(`ab/${sha}`)).toBe(false);

    await store.put(`ab/${sha}`, Buffer.from('hola mundo'));
    const found = await store.get(`ab/${sha}`);
    expect(found?.size).toBe(10);
    expect((await readAll(found!.stream)).toString()).toBe('hola mundo');
    expect(await store.exists(`ab/${sha}`)).toBe(true);

    // A stream of unknown length (an upload) and one of known length.
    const big = Buffer.alloc(20 * 1024 * 1024 + 5, 7); // three parts of an S3 upload
    await store.put('exports/a.zip', Readable.from([big.subarray(0, 1_000_000), big.subarray(1_000_000)]));
    await store.put('exports/b.zip', Readable.from([Buffer.from('b')]), 1);
    expect((await store.get('exports/a.zip'))?.size).toBe(big.length);
    expect((await store.read('exports/a.zip'))!.equals(big)).toBe(true);

    expect((await keys(store.list('exports/'))).sort()).toEqual(['exports/a.zip', 'exports/b.zip']);

    await store.delete('exports/a.zip');
    await store.delete('exports/never-there.zip');
    expect(await store.get('exports/a.zip')).toBeNull();
    expect(await keys(store.list('exports/'))).toEqual(['exports/b.zip']);
  });

  it('moves a prepared local file in, and leaves nothing of it behind', async () => {
    const store = make();
    const local = join(await store.stagingDir(), `prepared-${Date.now()}.tmp`);
    writeFileSync(local, 'prepared bytes');
    await store.putFile('exports/prepared.zip', local);
    expect(existsSync(local)).toBe(false);
    expect((await store.read('exports/prepared.zip'))?.toString()).toBe('prepared bytes');
  });

  it('refuses a key that could leave the store', async () => {
    const store = make();
    for (const key of ['../escape', 'ab/../../x', '/abs', 'a//b', '.hidden', '']) {
      await expect(store.put(key, Buffer.from('x')), key).rejects.toThrow(/invalid storage key/);
    }
  });
});

describe('an S3 bucket', () => {
  it('keeps each site under its own prefix', async () => {
    const a = createS3Store((s3.files('site-a/') as { s3: Parameters<typeof createS3Store>[0] }).s3);
    const b = createS3Store((s3.files('site-b/') as { s3: Parameters<typeof createS3Store>[0] }).s3);
    await a.put('cd/only-a', Buffer.from('a'));
    expect(await b.get('cd/only-a')).toBeNull();
    expect(await keys(b.list('cd/'))).toEqual([]);
    expect(await keys(a.list('cd/'))).toEqual(['cd/only-a']);
  });

  it('reports a bucket it cannot reach as an error, not as a missing file', async () => {
    const config = (s3.files() as { s3: Parameters<typeof createS3Store>[0] }).s3;
    const wrong = createS3Store({ ...config, bucket: 'no-such-bucket' });
    await expect(wrong.get('ab/x')).rejects.toThrow();
    await expect(wrong.check()).rejects.toThrow(/the bucket "no-such-bucket" does not exist/);
    await expect(createS3Store(config).check()).resolves.toBeUndefined();
    const down = createS3Store({ ...config, endpoint: 'http://127.0.0.1:9' });
    await expect(down.exists('ab/x')).rejects.toThrow();
    await expect(down.check()).rejects.toThrow();
  });

  it('gives up on a service that accepts and never answers, after its idle deadline', async () => {
    const sockets: Socket[] = [];
    const silent = createServer((socket) => void sockets.push(socket)); // takes connections, says nothing
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as AddressInfo;
    const config = (s3.files() as { s3: Parameters<typeof createS3Store>[0] }).s3;
    const hung = createS3Store({ ...config, endpoint: `http://127.0.0.1:${port}` }, { idleTimeoutMs: 300 });
    const started = Date.now();
    await expect(hung.get('ab/x')).rejects.toThrow(/no answer from the S3 service/);
    expect(Date.now() - started).toBeLessThan(5_000);
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => silent.close(resolve));
  });
});
