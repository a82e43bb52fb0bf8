import compress from '@fastify/compress';
import type { FastifyInstance, FastifyReply } from 'fastify';
import fp from 'fastify-plugin';
import { COMPRESSION_THRESHOLD, isCompressibleType } from '../lib/compressible.ts';
import { brotliOptions, encode, ENCODINGS, gzipOptions, preferredEncoding, setEncoded } from '../lib/encode.ts';

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

function compressWhole(reply: FastifyReply, payload: string | Buffer, acceptEncoding: string | undefined) {
  const type = String(reply.getHeader('content-type') ?? '');
  if (!isCompressibleType(type) || Buffer.byteLength(payload) < COMPRESSION_THRESHOLD) return payload;
  const encoding = preferredEncoding(acceptEncoding);
  if (!encoding) return payload;
  const body = encode(payload, encoding);
  setEncoded(reply, encoding, body.length);
  return body;
}
