import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { cleanPayload } from '../lib/text-hygiene.ts';

/** Every JSON body, before its schema is checked: control characters out, line breaks normalised. */
export const textHygienePlugin = fp(
  async (app: FastifyInstance) => {
    app.addHook('preValidation', async (request) => {
      if (request.body !== null && typeof request.body === 'object') cleanPayload(request.body);
      else if (typeof request.body === 'string') request.body = cleanPayload(request.body);
    });
  },
  { name: 'minga-text-hygiene' },
);
