import type { FastifyReply } from 'fastify';
import Negotiator from 'negotiator';
import { brotliCompressSync, constants, gzipSync, type BrotliOptions, type ZlibOptions } from 'node:zlib';
import { COMPRESSION_THRESHOLD } from './compressible.ts';

/** What the server compresses with, brotli first when the client takes both. */
export const ENCODINGS = ['br', 'gzip'] as const;
export type Encoding = (typeof ENCODINGS)[number];

// Cheap enough for every request: quality 11 costs tens of times the CPU for a few percent.
export const brotliOptions: BrotliOptions = { params: { [constants.BROTLI_PARAM_QUALITY]: 4 } };
export const gzipOptions: ZlibOptions = { level: 6 };

// negotiator 1.x breaks ties by the server's preference; its types predate that option.
type Encodings = (this: Negotiator, available: readonly string[], options: { preferred: readonly string[] }) => string[];
const negotiateEncodings = Negotiator.prototype.encodings as unknown as Encodings;

/** The encoding to answer with, or undefined for the body as it is. */
export function preferredEncoding(acceptEncoding: string | undefined): Encoding | undefined {
  const negotiator = new Negotiator({ headers: { 'accept-encoding': acceptEncoding ?? '' } });
  return negotiateEncodings.call(negotiator, ENCODINGS, { preferred: ENCODINGS })[0] as Encoding | undefined;
}

export function encode(body: string | Buffer, encoding: Encoding): Buffer {
  return encoding === 'br' ? brotliCompressSync(body, brotliOptions) : gzipSync(body, gzipOptions);
}

/** Marks an answer as encoded; every encoded answer varies with Accept-Encoding. */
export function setEncoded(reply: FastifyReply, encoding: Encoding | undefined, length: number): void {
  const vary = reply.getHeader('vary');
  if (!vary) reply.header('vary', 'Accept-Encoding');
  else if (!/accept-encoding/i.test(String(vary))) reply.header('vary', `${String(vary)}, Accept-Encoding`);
  if (encoding) reply.header('content-encoding', encoding);
  reply.header('content-length', length);
}

interface Variants {
  text: string;
  /** The text as bytes, made once (a big page is costly to encode on every request). */
  plain?: Buffer;
  br?: Buffer;
  gzip?: Buffer;
}
const variants = new WeakMap<object, Variants>();

/**
 * Sends a text body that many readers share (a cached thread page), compressed at most once
 * per encoding for as long as `key` lives: a cached page costs its compression once, not on
 * every request. `text` is computed on the first call only.
 */
export function sendEncodedOnce(reply: FastifyReply, key: object, contentType: string, text: () => string) {
  let entry = variants.get(key);
  if (!entry) {
    entry = { text: text() };
    variants.set(key, entry);
  }
  reply.type(contentType);
  const plain = (entry.plain ??= Buffer.from(entry.text));
  if (plain.length < COMPRESSION_THRESHOLD) return reply.send(plain);
  const encoding = preferredEncoding(reply.request.headers['accept-encoding']);
  if (!encoding) {
    setEncoded(reply, undefined, plain.length);
    return reply.send(plain);
  }
  const body = (entry[encoding] ??= encode(entry.text, encoding));
  setEncoded(reply, encoding, body.length);
  return reply.send(body);
}
