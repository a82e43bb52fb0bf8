import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

/**
 * Once the app is closing, every answer still going out asks the client to close its
 * connection: a request that was in flight at SIGTERM finishes, and its keep-alive connection
 * does not hold the shutdown open until it times out.
 */
export const closingPlugin = fp(
  async (app: FastifyInstance) => {
    let closing = false;
    app.addHook('preClose', async () => {
      closing = true;
    });
    app.addHook('onSend', async (_request, reply, payload) => {
      if (closing) reply.header('connection', 'close');
      return payload;
    });
  },
  { name: 'minga-closing' },
);
