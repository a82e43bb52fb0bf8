import { createReadStream } from 'node:fs';
import { mkdir, rm, stat } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as Minio from 'minio';
import { checkKey, readAll, type BlobStore, type StoredBlob } from './blob-store.ts';

export interface S3Config {
  /** The service's base URL: `https://s3.eu-west-1.amazonaws.com`, `http://127.0.0.1:9000`. */
  endpoint: string;
  bucket: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** Keys live under it (`minga/`), so one bucket may hold other things too. */
  prefix: string;
  /** `https://host/bucket/key` (MinIO, Garage, Ceph…) rather than `https://bucket.host/key`. */
  pathStyle: boolean;
}

const notFound = (error: unknown) => {
  const code = (error as { code?: string } | null)?.code;
  return code === 'NoSuchKey' || code === 'NotFound' || code === 'NoSuchObject';
};

/** A bucket of an S3-compatible service (AWS S3, MinIO, Garage, Ceph, R2…), through the `minio` client. */
export function createS3Store(config: S3Config): BlobStore {
  const url = new URL(config.endpoint);
  const client = new Minio.Client({
    endPoint: url.hostname.replace(/^\[|\]$/g, ''),
    port: url.port ? Number(url.port) : undefined,
    useSSL: url.protocol === 'https:',
    accessKey: config.accessKeyId,
    secretKey: config.secretAccessKey,
    region: config.region,
    pathStyle: config.pathStyle,
  });
  const { bucket } = config;
  const objectOf = (key: string) => `${config.prefix}${checkKey(key)}`;
  const staging = join(tmpdir(), 'minga-staging');

  async function get(key: string): Promise<StoredBlob | null> {
    try {
      // One request: the response's length is the object's size.
      const stream = (await client.getObject(bucket, objectOf(key))) as IncomingMessage;
      const length = Number(stream.headers?.['content-length']);
      const size = Number.isFinite(length) ? length : (await client.statObject(bucket, objectOf(key))).size;
      return { stream, size };
    } catch (error) {
      if (notFound(error)) return null;
      throw error;
    }
  }

  return {
    kind: 's3',
    description: `s3://${bucket}/${config.prefix} at ${url.origin}`,
    dir: null,

    async stagingDir() {
      await mkdir(staging, { recursive: true });
      return staging;
    },

    async put(key, body, size) {
      await client.putObject(bucket, objectOf(key), body, Buffer.isBuffer(body) ? body.length : size, { 'Content-Type': 'application/octet-stream' });
    },

    async putFile(key, path) {
      try {
        const { size } = await stat(path);
        await client.putObject(bucket, objectOf(key), createReadStream(path), size, { 'Content-Type': 'application/octet-stream' });
      } finally {
        await rm(path, { force: true });
      }
    },

    get,

    async read(key) {
      const found = await get(key);
      return found ? readAll(found.stream) : null;
    },

    async exists(key) {
      try {
        await client.statObject(bucket, objectOf(key));
        return true;
      } catch (error) {
        if (notFound(error)) return false;
        throw error;
      }
    },

    async delete(key) {
      await client.removeObject(bucket, objectOf(key));
    },

    async *list(prefix) {
      const base = prefix.replace(/\/+$/, '');
      const under = base ? `${objectOf(base)}${prefix.endsWith('/') ? '/' : ''}` : config.prefix;
      for await (const item of client.listObjectsV2(bucket, under, true)) {
        const name = (item as { name?: string }).name;
        if (name) yield name.slice(config.prefix.length);
      }
    },
  };
}
