import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { OpenedDb } from '../../../db/client.ts';
import { errorResponses } from '../../../shared/schemas/common.ts';
import { createOaiRepository } from '../../modules/knowledge/oai-repository.ts';
import { createOaiProtocol } from './protocol.ts';

export interface OaiOptions {
  database: OpenedDb;
  /** The site's public base URL, without a trailing slash (MINGA_PUBLIC_URL). */
  publicUrl: string;
  /** Who harvesters write to (the mail sender's address). */
  adminEmail: string;
  pageSizes?: { records?: number; headers?: number };
}

const Xml = Type.String({ description: 'an OAI-PMH 2.0 response' });
const FORM = 'application/x-www-form-urlencoded';

/**
 * `/oai`: OAI-PMH 2.0 for harvesters (national repositories, LA Referencia, libraries), by GET
 * with the arguments in the query, or by POST with them form-encoded, as the protocol allows.
 */
export const oaiPages: FastifyPluginAsyncTypebox<OaiOptions> = async (app, options) => {
  const answer = createOaiProtocol({ repo: createOaiRepository(options.database.db), publicUrl: options.publicUrl, adminEmail: options.adminEmail, now: Date.now, pageSizes: options.pageSizes });
  app.addContentTypeParser(FORM, { parseAs: 'string', bodyLimit: 4096 }, (_request, body, done) => done(null, body));

  const send = async (reply: FastifyReply, query: string) =>
    reply.type('text/xml; charset=utf-8').header('cache-control', 'no-cache').send(await answer([...new URLSearchParams(query)]));
  const rawQuery = (request: FastifyRequest) => request.url.split('?')[1] ?? '';

  app.get('/oai', { schema: { hide: true, response: { 200: Xml, ...errorResponses } } }, async (request, reply) => send(reply, rawQuery(request)));
  app.post('/oai', { schema: { hide: true, response: { 200: Xml, ...errorResponses } } }, async (request, reply) =>
    send(reply, typeof request.body === 'string' ? request.body : rawQuery(request)),
  );
};
