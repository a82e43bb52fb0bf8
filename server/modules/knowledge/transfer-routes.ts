import type { Readable } from 'node:stream';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { errorResponses } from '../../../shared/schemas/common.ts';
import { KnowledgeQuery } from '../../../shared/schemas/knowledge.ts';
import type { ExportService } from './export.ts';

// The list's filters and sort, without its paging: an export takes every match.
const { q, country, sector, language, kind, theme, institution, year, level, sort } = KnowledgeQuery.properties;
export const ExportQuery = Type.Object(
  {
    ...{ q, country, sector, language, kind, theme, institution, year, level, sort },
    format: Type.Optional(Type.Enum(['csv', 'json'] as const)),
  },
  { additionalProperties: false },
);
/** CSV or JSON text, streamed (a stream skips serialization). */
const ExportBody = Type.Unsafe<Readable>({ description: 'the matching records as CSV or JSON' });

/** Downloads of the knowledge bases (the import is a command line: `npm run import`). */
export const transferRoutes: FastifyPluginAsyncTypebox<{ exporter: ExportService }> = async (app, { exporter }) => {
  for (const kindName of ['resources', 'experiences', 'profiles', 'specialists'] as const) {
    app.get(
      `/api/${kindName}/export`,
      {
        schema: { querystring: ExportQuery, response: { 200: ExportBody, ...errorResponses } },
        // Each export reads up to a whole knowledge base.
        config: { rateLimit: { max: 30, timeWindow: 60_000 } },
      },
      async (request, reply) => {
        const file = await exporter.exportList(kindName, request.query);
        return reply
          .headers({
            'content-type': file.contentType,
            'content-disposition': `attachment; filename="${file.filename}"`,
            'x-total-count': file.count,
            'cache-control': 'no-store',
          })
          .send(file.body);
      },
    );
  }
};
