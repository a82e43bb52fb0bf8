import type { Readable } from 'node:stream';
import multipart from '@fastify/multipart';
import type { FastifyPluginAsyncTypebox, TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import {
  AgreementCreate,
  AgreementList,
  AgreementPatch,
  AgreementResponse,
  AgreementsQuery,
  DocumentParams,
  Nomination,
  PersonParams,
  SpaceResponse,
} from '../../../shared/schemas/agreements.ts';
import { errorResponses, IdParams } from '../../../shared/schemas/common.ts';
import type { AgreementDocuments } from './documents.ts';
import type { AgreementsService } from './service.ts';
import type { AgreementSpace } from './space.ts';

const FileBytes = Type.Unsafe<Readable>({ description: 'the document, with its detected Content-Type' });
const encodeFilename = (name: string) => encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

export const agreementsRoutes: FastifyPluginAsyncTypebox<{ agreements: AgreementsService; space: AgreementSpace; documents: AgreementDocuments }> = async (
  app,
  { agreements, space, documents },
) => {
  app.get('/api/agreements', { schema: { querystring: AgreementsQuery, response: { 200: AgreementList, ...errorResponses } } }, async (request) =>
    agreements.list(request.actor, request.query),
  );

  app.post('/api/agreements', { schema: { body: AgreementCreate, response: { 201: AgreementResponse, ...errorResponses } } }, async (request, reply) =>
    reply.status(201).send({ item: await agreements.create(request.actor, request.body) }),
  );

  app.get('/api/agreements/:id', { schema: { params: IdParams, response: { 200: AgreementResponse, ...errorResponses } } }, async (request) => ({
    item: await agreements.get(request.actor, request.params.id),
  }));

  app.patch(
    '/api/agreements/:id',
    { schema: { params: IdParams, body: AgreementPatch, response: { 200: AgreementResponse, ...errorResponses } } },
    async (request) => ({ item: await agreements.update(request.actor, request.params.id, request.body) }),
  );

  app.post('/api/agreements/:id/space', { schema: { params: IdParams, response: { 201: SpaceResponse, ...errorResponses } } }, async (request, reply) =>
    reply.status(201).send(await space.open(request.actor, request.params.id)),
  );

  app.post(
    '/api/agreements/:id/people',
    { schema: { params: IdParams, body: Nomination, response: { 200: AgreementResponse, ...errorResponses } } },
    async (request) => ({ item: await space.nominate(request.actor, request.params.id, request.body) }),
  );

  app.delete(
    '/api/agreements/:id/people/:userId',
    { schema: { params: PersonParams, response: { 200: AgreementResponse, ...errorResponses } } },
    async (request) => ({ item: await space.remove(request.actor, request.params.id, request.params.userId) }),
  );

  app.delete(
    '/api/agreements/:id/documents/:fileId',
    { schema: { params: DocumentParams, response: { 200: AgreementResponse, ...errorResponses } } },
    async (request) => ({ item: await documents.remove(request.actor, request.params.id, request.params.fileId) }),
  );

  app.get('/api/agreements/:id/documents/:fileId', { schema: { params: DocumentParams, response: { 200: FileBytes, ...errorResponses } } }, async (request, reply) => {
    const download = await documents.open(request.actor, request.params.id, request.params.fileId);
    reply.headers({
      'content-type': download.mime,
      'content-disposition': `attachment; filename*=UTF-8''${encodeFilename(download.name)}`,
      'x-content-type-options': 'nosniff',
      'content-security-policy': "default-src 'none'; sandbox",
      'content-length': download.size,
    });
    return reply.send(download.stream);
  });

  // Multipart only for the upload (encapsulated: the rest of the API keeps answering 415 to it).
  await app.register(async (instance) => {
    const upload = instance.withTypeProvider<TypeBoxTypeProvider>();
    await upload.register(multipart, { limits: { fileSize: documents.maxBytes, files: 1, fields: 10, fieldSize: 1024, parts: 11, headerPairs: 50 } });
    upload.post(
      '/api/agreements/:id/documents',
      { schema: { params: IdParams, response: { 201: AgreementResponse, ...errorResponses } } },
      async (request, reply) => {
        const item = await documents.add(request.actor, request.params.id, async () => (request.isMultipart() ? request.file() : undefined));
        return reply.status(201).send({ item });
      },
    );
  });
};
