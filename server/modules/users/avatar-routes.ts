import multipart from '@fastify/multipart';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { errorResponses } from '../../../shared/schemas/common.ts';
import { AvatarCrop, AvatarParams, AvatarQuery } from '../../../shared/schemas/users.ts';
import { AppError } from '../../lib/errors.ts';
import type { AvatarService } from './avatars.ts';

const AvatarResponse = Type.Object({ avatar: Type.String() });
const AvatarBytes = Type.Unsafe<Buffer>({ description: 'a square WebP' });

/** Reads the one uploaded file into memory (it is small), the size limit answered as 413. */
async function readUpload(part: { toBuffer(): Promise<Buffer> } | undefined, maxBytes: number): Promise<Buffer | undefined> {
  if (!part) return undefined;
  try {
    return await part.toBuffer();
  } catch (error) {
    if ((error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') {
      throw new AppError('FILE_TOO_LARGE', { field: 'file', params: { max: Math.round(maxBytes / 1024 / 1024) } });
    }
    throw error;
  }
}

/** The member's picture: upload with the square to keep, remove, and the resized sizes anyone may fetch. */
export const avatarRoutes: FastifyPluginAsyncTypebox<{ avatars: AvatarService }> = async (app, { avatars }) => {
  await app.register(multipart, {
    limits: { fileSize: avatars.maxBytes, files: 1, fields: 5, fieldSize: 256, parts: 6, headerPairs: 50 },
  });

  app.put(
    '/api/me/avatar',
    { schema: { querystring: AvatarCrop, response: { 200: AvatarResponse, ...errorResponses } } },
    async (request) => ({
      avatar: await avatars.upload(
        request.actor,
        async () => readUpload(request.isMultipart() ? await request.file() : undefined, avatars.maxBytes),
        request.query,
      ),
    }),
  );

  app.delete('/api/me/avatar', { schema: { response: { 204: Type.Null(), ...errorResponses } } }, async (request, reply) => {
    await avatars.remove(request.actor);
    return reply.status(204).send(null);
  });

  app.get(
    '/api/avatars/:userId/:version',
    { schema: { params: AvatarParams, querystring: AvatarQuery, response: { 200: AvatarBytes, 304: Type.Null(), ...errorResponses } } },
    async (request, reply) => {
      const image = await avatars.image(request.params.userId, request.params.version, request.query.size);
      reply.headers({
        'content-type': 'image/webp',
        'x-content-type-options': 'nosniff',
        // The version in the address changes with the picture.
        'cache-control': 'public, max-age=31536000, immutable',
        etag: image.etag,
      });
      if (request.headers['if-none-match'] === image.etag) return reply.status(304).send(null);
      return reply.send(image.bytes);
    },
  );
};
