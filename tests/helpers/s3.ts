import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import S3rver from 's3rver';
import type { FilesConfig } from '../../server/storage/index.ts';
import { createS3Store } from '../../server/storage/s3-store.ts';

export interface S3Server {
  endpoint: string;
  bucket: string;
  /** Where this S3 server keeps its objects (the "remote" disk, not the app's). */
  dir: string;
  /** The app's files configuration for this bucket, under `prefix`. */
  files(prefix?: string): FilesConfig;
  close(): Promise<void>;
}

/**
 * A real S3-compatible HTTP server on loopback (s3rver: the S3 REST API in Node, objects kept in
 * a folder of its own) with one bucket, and the credentials it accepts (S3RVER / S3RVER).
 */
export async function startS3Server(bucket = 'minga-test'): Promise<S3Server> {
  const dir = mkdtempSync(join(tmpdir(), 'minga-s3rver-'));
  const server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory: dir, configureBuckets: [{ name: bucket }] });
  const { port } = await server.run();
  const endpoint = `http://127.0.0.1:${port}`;
  return {
    endpoint,
    bucket,
    dir,
    files: (prefix = '') => ({
      kind: 's3',
      s3: { endpoint, bucket, region: 'us-east-1', accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER', prefix, pathStyle: true },
    }),
    async close() {
      // Clients keep connections alive: let them go, or closing waits for them.
      const http = (server as unknown as { httpServer?: import('node:http').Server }).httpServer;
      const closed = server.close();
      http?.closeAllConnections();
      await closed;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The keys a site keeps in its bucket (under its own prefix) that start with `prefix`, read with a client of their own. */
export async function bucketKeysOf(files: FilesConfig, prefix = ''): Promise<string[]> {
  const found: string[] = [];
  for await (const key of createS3Store((files as Extract<FilesConfig, { kind: 's3' }>).s3).list(prefix)) found.push(key);
  return found;
}
