import type { Readable } from 'node:stream';
import multipart from '@fastify/multipart';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { errorResponses } from '../../../shared/schemas/common.ts';
import { ItemParams } from '../../../shared/schemas/knowledge.ts';
import type { FilesService } from './files.ts';

// Same shape as `Resource.file` in shared/schemas/knowledge.ts.
const FileRef = Type.Object({ url: Type.String(), name: Type.String(), size: Type.Integer(), mime: Type.String() });
const FileUploadResponse = Type.Object({ file: FileRef });
/** The stored bytes, streamed as they are (a stream skips serialization). */
const FileBytes = Type.Unsafe<Readable>({ description: 'the file, with its detected Content-Type' });

/** RFC 8187 encoding for `filename*`: everything outside attr-char is percent-encoded. */
const encodeFilename = (name: string) => encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/**
 * Files of the teaching-resources bank. Multipart is accepted only by the routes registered
 * here (the plugin is encapsulated); the rest of the API keeps answering 415 to it.
 */
export const filesRoutes: FastifyPluginAsyncTypebox<{ files: FilesService }> = async (app, { files }) => {
  await app.register(multipart, {
    limits: { fileSize: files.maxBytes, files: 1, fields: 10, fieldSize: 1024, parts: 11, headerPairs: 50 },
  });

  app.post(
    '/api/resources/:id/file',
    { schema: { params: ItemParams, response: { 200: FileUploadResponse, ...errorResponses } } },
    async (request) => {
      const file = await files.attach(request.actor, request.params.id, async () => (request.isMultipart() ? request.file() : undefined));
      return { file };
    },
  );

  app.delete(
    '/api/resources/:id/file',
    { schema: { params: ItemParams, response: { 204: Type.Null(), ...errorResponses } } },
    async (request, reply) => {
      await files.detach(request.actor, request.params.id);
      return reply.status(204).send(null);
    },
  );

  const downloadSchema = { params: ItemParams, response: { 200: FileBytes, 304: Type.Null(), ...errorResponses } };
  app.get('/api/files/:id', { schema: downloadSchema }, async (request, reply) => {
    const download = await files.open(request.params.id);
    const etag = `"${download.sha256}"`;
    reply.headers({
      'content-type': download.mime,
      'content-disposition': `attachment; filename*=UTF-8''${encodeFilename(download.name)}`,
      'x-content-type-options': 'nosniff',
      'content-security-policy': "default-src 'none'; sandbox",
      // A file id always names the same bytes.
      'cache-control': 'public, max-age=31536000, immutable',
      etag,
    });
    if (request.headers['if-none-match'] === etag) {
      download.stream.destroy();
      return reply.status(304).send(null);
    }
    reply.header('content-length', download.size);
    return reply.send(download.stream);
  });
};
