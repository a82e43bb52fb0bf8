import multipart from '@fastify/multipart';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { errorResponses, IdParams } from '../../../shared/schemas/common.ts';
import { NewsItemResponse } from '../../../shared/schemas/news.ts';
import { AppError } from '../../lib/errors.ts';
import { AVATAR_MAX_BYTES } from '../users/avatars.ts';
import type { NewsService } from './service.ts';

const ImageParams = Type.Object({ id: Type.Integer({ minimum: 1 }), version: Type.String({ pattern: '^[0-9a-f]{64}$' }) }, { additionalProperties: false });
const ImageBytes = Type.Unsafe<Buffer>({ description: 'a WebP' });

/** A news item's picture: upload (multipart, field `file`), remove, and the picture anyone may fetch. */
export const newsImageRoutes: FastifyPluginAsyncTypebox<{ news: NewsService }> = async (app, { news }) => {
  await app.register(multipart, { limits: { fileSize: AVATAR_MAX_BYTES, files: 1, fields: 2, fieldSize: 256, parts: 3, headerPairs: 50 } });

  app.put('/api/news/:id/image', { schema: { params: IdParams, response: { 200: NewsItemResponse, ...errorResponses } } }, async (request) =>
    news.setImage(request.actor, request.params.id, async () => {
      const part = request.isMultipart() ? await request.file() : undefined;
      if (!part) return undefined;
      try {
        return await part.toBuffer();
      } catch (error) {
        if ((error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') throw new AppError('FILE_TOO_LARGE', { field: 'file', params: { max: AVATAR_MAX_BYTES / 1024 / 1024 } });
        throw error;
      }
    }),
  );

  app.delete('/api/news/:id/image', { schema: { params: IdParams, response: { 200: NewsItemResponse, ...errorResponses } } }, async (request) =>
    news.removeImage(request.actor, request.params.id),
  );

  app.get('/api/news/:id/image/:version', { schema: { params: ImageParams, response: { 200: ImageBytes, 304: Type.Null(), ...errorResponses } } }, async (request, reply) => {
    const bytes = await news.image(request.params.id, request.params.version);
    const etag = `"${request.params.version.slice(0, 16)}"`;
    reply.headers({ 'content-type': 'image/webp', 'x-content-type-options': 'nosniff', 'cache-control': 'public, max-age=86400', etag });
    if (request.headers['if-none-match'] === etag) return reply.status(304).send(null);
    return reply.send(bytes);
  });
};
