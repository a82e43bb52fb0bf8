import { createReadStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import http, { type IncomingMessage } from 'node:http';
import https from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
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

/** Parts of a multipart upload: S3 wants at least 5 MiB but the last; this bounds the memory an upload holds. */
const PART_BYTES = 8 * 1024 * 1024;
const HEADERS = { 'Content-Type': 'application/octet-stream' };
/** A request to the bucket silent this long (connecting, answering, or a download's next bytes) is cut: a hung service costs a bounded wait. */
export const S3_IDLE_TIMEOUT_MS = 60_000;

/** The client's HTTP(S) requests, each cut when idle for `idleMs` (the client sets no deadline of its own). */
function transportWithDeadline(secure: boolean, idleMs: number) {
  const base = secure ? https : http;
  return {
    request(options: http.RequestOptions, callback?: (response: IncomingMessage) => void) {
      const request = base.request(options, callback);
      request.setTimeout(idleMs, () => request.destroy(Object.assign(new Error(`no answer from the S3 service for ${idleMs / 1000} s`), { code: 'ETIMEDOUT' })));
      return request;
    },
  } as Pick<typeof http, 'request'>;
}

/** A stream cut into chunks of `size` bytes (the last one shorter). */
async function* chunksOf(stream: Readable, size: number): AsyncGenerator<Buffer> {
  let pending: Buffer[] = [];
  let length = 0;
  for await (const data of stream) {
    let chunk = data as Buffer;
    while (length + chunk.length >= size) {
      const take = size - length;
      pending.push(chunk.subarray(0, take));
      yield Buffer.concat(pending);
      pending = [];
      length = 0;
      chunk = chunk.subarray(take);
    }
    if (chunk.length > 0) {
      pending.push(chunk);
      length += chunk.length;
    }
  }
  if (length > 0) yield Buffer.concat(pending);
}

const notFound = (error: unknown) => {
  const code = (error as { code?: string } | null)?.code;
  return code === 'NoSuchKey' || code === 'NotFound' || code === 'NoSuchObject';
};

/** A bucket of an S3-compatible service (AWS S3, MinIO, Garage, Ceph, R2…), through the `minio` client. */
export function createS3Store(config: S3Config, options: { idleTimeoutMs?: number } = {}): BlobStore {
  const url = new URL(config.endpoint);
  const client = new Minio.Client({
    transport: transportWithDeadline(url.protocol === 'https:', options.idleTimeoutMs ?? S3_IDLE_TIMEOUT_MS),
    transportAgent: new (url.protocol === 'https:' ? https : http).Agent({ keepAlive: true }),
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

  /**
   * A stream goes up in parts of PART_BYTES, so an upload never sits whole in memory; one that
   * fits in a part is a single PUT. (Not the client's own putObject for streams: it first lists
   * the bucket's unfinished uploads to resume one, which not every S3-compatible service offers.)
   */
  async function putStream(name: string, stream: Readable): Promise<void> {
    const chunks = chunksOf(stream, PART_BYTES);
    const first = await chunks.next();
    const second = first.done ? first : await chunks.next();
    if (second.done) {
      await client.putObject(bucket, name, first.done ? Buffer.alloc(0) : first.value, undefined, HEADERS);
      return;
    }
    const uploadID = await client.initiateNewMultipartUpload(bucket, name, HEADERS);
    try {
      const etags: { part: number; etag: string }[] = [];
      const send = async (payload: Buffer) => {
        const part = etags.length + 1;
        const { etag } = await client.uploadPart({ bucketName: bucket, objectName: name, uploadID, partNumber: part, headers: {} }, payload);
        etags.push({ part, etag });
      };
      await send(first.value!);
      await send(second.value);
      for await (const chunk of chunks) await send(chunk);
      await client.completeMultipartUpload(bucket, name, uploadID, etags);
    } catch (error) {
      stream.destroy();
      await client.abortMultipartUpload(bucket, name, uploadID).catch(() => undefined);
      throw error;
    }
  }

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

    async put(key, body) {
      if (Buffer.isBuffer(body)) await client.putObject(bucket, objectOf(key), body, body.length, HEADERS);
      else await putStream(objectOf(key), body);
    },

    async putFile(key, path) {
      try {
        await putStream(objectOf(key), createReadStream(path));
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

    async check() {
      if (!(await client.bucketExists(bucket))) throw new Error(`the bucket "${bucket}" does not exist at ${url.origin}`);
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
