import type { Readable } from 'node:stream';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { errorResponses, IdParams } from '../../../shared/schemas/common.ts';
import { DataExport, ExportCreated, ExportDownloadQuery, ExportList } from '../../../shared/schemas/my-data.ts';
import type { MyDataService } from './service.ts';

const ZipBytes = Type.Unsafe<Readable>({ description: 'the ZIP of the member’s data' });

export const myDataRoutes: FastifyPluginAsyncTypebox<{ myData: MyDataService }> = async (app, { myData }) => {
  app.post('/api/me/export', { schema: { response: { 202: ExportCreated, ...errorResponses } } }, async (request, reply) =>
    reply.status(202).send(await myData.request(request.actor, request.sessionId)),
  );

  app.get('/api/me/exports', { schema: { response: { 200: ExportList, ...errorResponses } } }, async (request) => myData.list(request.actor, request.sessionId));

  app.get('/api/me/export/:id', { schema: { params: IdParams, response: { 200: DataExport, ...errorResponses } } }, async (request, reply) => {
    reply.header('cache-control', 'private, no-store');
    return myData.status(request.actor, request.sessionId, request.params.id);
  });

  app.get(
    '/api/me/export/:id/download',
    { schema: { params: IdParams, querystring: ExportDownloadQuery, response: { 200: ZipBytes, ...errorResponses } } },
    async (request, reply) => {
      const zip = await myData.download(request.actor, request.params.id, request.query.token);
      return reply
        .headers({
          'content-type': 'application/zip',
          'content-length': zip.size,
          'content-disposition': `attachment; filename="${zip.fileName}"`,
          'cache-control': 'private, no-store',
          'x-content-type-options': 'nosniff',
          'referrer-policy': 'no-referrer',
        })
        .send(zip.stream);
    },
  );
};
