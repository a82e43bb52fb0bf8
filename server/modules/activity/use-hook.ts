import type { FastifyPluginAsync } from 'fastify';
import fp from 'fastify-plugin';
import type { UseCounter } from './use-counter.ts';
import type { UseKind } from './use-repository.ts';

const KIND_OF: Record<string, UseKind> = { resources: 'resource', experiences: 'experience', profiles: 'profile', specialists: 'specialist' };
/** A record's page or its API answer; a resource's file. */
const RECORD = /^\/(?:api|knowledge)\/(resources|experiences|profiles|specialists)\/(\d+)(?:[?#]|$)/;
const FILE = /^\/api\/files\/(\d+)(?:[?#]|$)/;

/**
 * Counts what readers were given: a record's page or API answer, a resource's file, each only
 * when it was sent (200). It looks at answers rather than inside the knowledge area so that
 * pages served from the anonymous page cache count too; the counter keeps it in memory.
 * Registered before the areas, so it sees their routes.
 */
export const countUse = (counter: UseCounter): FastifyPluginAsync =>
  fp(
  async (app) => {
    app.addHook('onResponse', async (request, reply) => {
      if (request.method !== 'GET' || reply.statusCode !== 200) return;
      const record = RECORD.exec(request.url);
      if (record) return counter.view(KIND_OF[record[1]!]!, Number(record[2]), request.ip);
      const file = FILE.exec(request.url);
      if (file) counter.download(Number(file[1]), request.ip);
    });
  },
  { name: 'knowledge-use-counting' },
  );
