import compress from '@fastify/compress';
import type { FastifyInstance, FastifyReply } from 'fastify';
import fp from 'fastify-plugin';
import Negotiator from 'negotiator';
import { brotliCompressSync, constants, gzipSync, type BrotliOptions, type ZlibOptions } from 'node:zlib';
import { COMPRESSION_THRESHOLD, isCompressibleType } from '../lib/compressible.ts';

const ENCODINGS = ['br', 'gzip'] as const;
// Cheap enough for every request: quality 11 costs tens of times the CPU for a few percent.
const brotliOptions: BrotliOptions = { params: { [constants.BROTLI_PARAM_QUALITY]: 4 } };
const gzipOptions: ZlibOptions = { level: 6 };

/**
 * Brotli or gzip for every text answer, as the client's Accept-Encoding asks. Built assets come
 * precompressed from disk (see the client plugin), so what is compressed here is dynamic: API
 * answers and pages. Socket.IO answers on the raw HTTP server before Fastify and is never
 * touched.
 */
export const compressionPlugin = fp(
  async (app: FastifyInstance) => {
    await app.register(compress, {
      global: true,
      encodings: [...ENCODINGS],
      threshold: COMPRESSION_THRESHOLD,
      customTypes: isCompressibleType,
      brotliOptions,
      zlibOptions: gzipOptions,
      // Request bodies stay plain JSON: a compressed upload could expand past the body limit.
      globalDecompression: false,
    });

    // @fastify/compress hooks into routes only; the not-found answer (a page of its own)
    // is compressed here by the same rule.
    app.addHook('onSend', async (request, reply, payload) => {
      if (!request.is404 || reply.getHeader('content-encoding')) return payload;
      if (typeof payload !== 'string' && !Buffer.isBuffer(payload)) return payload;
      return compressWhole(reply, payload, request.headers['accept-encoding']);
    });
  },
  { name: 'minga-compression' },
);

// negotiator 1.x breaks ties by the server's preference (brotli first); its types predate that.
type Encodings = (this: Negotiator, available: readonly string[], options: { preferred: readonly string[] }) => string[];
const negotiateEncodings = Negotiator.prototype.encodings as unknown as Encodings;

function preferredEncoding(acceptEncoding: string | undefined): string | undefined {
  const negotiator = new Negotiator({ headers: { 'accept-encoding': acceptEncoding ?? '' } });
  return negotiateEncodings.call(negotiator, ENCODINGS, { preferred: ENCODINGS })[0];
}

function compressWhole(reply: FastifyReply, payload: string | Buffer, acceptEncoding: string | undefined) {
  const type = String(reply.getHeader('content-type') ?? '');
  if (!isCompressibleType(type) || Buffer.byteLength(payload) < COMPRESSION_THRESHOLD) return payload;
  const encoding = preferredEncoding(acceptEncoding);
  if (encoding !== 'br' && encoding !== 'gzip') return payload;
  const body = encoding === 'br' ? brotliCompressSync(payload, brotliOptions) : gzipSync(payload, gzipOptions);
  const vary = reply.getHeader('vary');
  reply.header('vary', vary ? `${String(vary)}, Accept-Encoding` : 'Accept-Encoding');
  reply.header('content-encoding', encoding);
  reply.header('content-length', body.length);
  return body;
}
