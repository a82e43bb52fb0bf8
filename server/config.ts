import { resolve } from 'node:path';
import { projectRoot } from './lib/paths.ts';

export type SeedMode = 'demo' | 'none';

export interface Config {
  port: number;
  host: string;
  /** SQLite file, or ':memory:'. */
  dbFile: string;
  seed: SeedMode;
  /** Password of the demo accounts; when absent one is generated at the first start. */
  demoPassword: string | undefined;
  logLevel: string;
  /** Trust X-Forwarded-* from a reverse proxy (https detection, client address). */
  trustProxy: boolean;
  /** Folder of the built client; the API runs without it (tests of the API alone). */
  clientDir: string | undefined;
  rateLimits: {
    /** Login attempts per address and account name. */
    login: { max: number; windowMs: number };
    /** Accounts created per address. */
    register: { max: number; windowMs: number };
  };
}

export class ConfigError extends Error {}

/** Reads the environment once, validates it, and returns a typed config. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const port = env.PORT === undefined || env.PORT === '' ? 3000 : Number(env.PORT);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new ConfigError(`PORT must be an integer between 0 and 65535, got "${env.PORT}"`);
  }
  const seed = (env.MINGA_SEED || 'demo') as SeedMode;
  if (seed !== 'demo' && seed !== 'none') {
    throw new ConfigError(`MINGA_SEED must be "demo" or "none", got "${env.MINGA_SEED}"`);
  }
  const demoPassword = env.MINGA_DEMO_PASSWORD || undefined;
  if (demoPassword !== undefined && demoPassword.length < 10) {
    throw new ConfigError('MINGA_DEMO_PASSWORD must be at least 10 characters long');
  }
  return {
    port,
    host: env.HOST || '127.0.0.1',
    dbFile: env.MINGA_DB || './data/minga.db',
    seed,
    demoPassword,
    logLevel: env.LOG_LEVEL || 'info',
    trustProxy: env.MINGA_TRUST_PROXY === '1' || env.MINGA_TRUST_PROXY === 'true',
    clientDir: resolve(projectRoot(), env.MINGA_CLIENT_DIR || 'dist/client'),
    rateLimits: defaultRateLimits(),
  };
}

export function defaultRateLimits(): Config['rateLimits'] {
  return {
    login: { max: 10, windowMs: 60_000 },
    register: { max: 30, windowMs: 15 * 60_000 },
  };
}
