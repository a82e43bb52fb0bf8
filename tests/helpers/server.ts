import { join } from 'node:path';
import { projectRoot } from '../../server/lib/paths.ts';
import { buildTestApp, type TestApp, type TestAppOptions } from './app.ts';

export interface TestServer extends TestApp {
  url: string;
  port: number;
  close(): Promise<void>;
}

/**
 * The real app listening on a random loopback port, serving the built client. `port`: a fixed
 * one, for tests whose public address must be known before the app is built (passkeys).
 */
export async function startTestServer(options: TestAppOptions & { port?: number } = {}): Promise<TestServer> {
  const { port, ...appOptions } = options;
  const built = await buildTestApp({ clientDir: join(projectRoot(), 'dist/client'), ...appOptions });
  await built.app.listen({ port: port ?? 0, host: '127.0.0.1' });
  const address = built.app.server.address();
  if (!address || typeof address === 'string') throw new Error('server has no port');
  return {
    ...built,
    port: address.port,
    url: `http://127.0.0.1:${address.port}`,
    close: () => built.app.close(),
  };
}
