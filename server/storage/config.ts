import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { engineFromEnv } from '../../db/engine.ts';
import { ConfigError } from '../config.ts';
import type { S3Config } from './s3-store.ts';

/** Where uploaded files go: a folder (by default beside the SQLite file), or an S3-compatible bucket. */
export type FilesConfig = { kind: 'directory'; dir: string | undefined } | { kind: 's3'; s3: S3Config };

/** The folder beside a SQLite file (`data/files/` for `data/minga.db`), where uploads always lived. */
export const filesDirBeside = (dbFile: string): string => join(dirname(resolve(dbFile)), 'files');

/** A fresh folder for a database with no file (in memory, or a test's PostgreSQL database). */
export const throwawayFilesDir = (): string => join(tmpdir(), `minga-files-${process.pid}-${randomUUID()}`);

const S3_VARIABLES = ['MINGA_S3_ENDPOINT', 'MINGA_S3_BUCKET', 'MINGA_S3_REGION', 'MINGA_S3_ACCESS_KEY_ID', 'MINGA_S3_SECRET_ACCESS_KEY', 'MINGA_S3_PREFIX', 'MINGA_S3_PATH_STYLE'];
const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const PREFIX = /^([A-Za-z0-9_][A-Za-z0-9._-]*\/)*$/;

function flag(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const raw = env[name]?.trim().toLowerCase();
  if (!raw) return fallback;
  if (['1', 'true', 'on', 'yes'].includes(raw)) return true;
  if (['0', 'false', 'off', 'no'].includes(raw)) return false;
  throw new ConfigError(`${name} must be 1 or 0, got "${env[name]}"`);
}

function loadS3(env: NodeJS.ProcessEnv): S3Config {
  const bucket = env.MINGA_S3_BUCKET?.trim() ?? '';
  if (!bucket) throw new ConfigError('MINGA_S3_BUCKET is required when any MINGA_S3_* variable is set');
  if (!BUCKET.test(bucket)) throw new ConfigError(`MINGA_S3_BUCKET must be a bucket name (3–63 lower-case letters, digits, dots and dashes), got "${bucket}"`);
  const region = env.MINGA_S3_REGION?.trim() || 'us-east-1';
  const endpoint = env.MINGA_S3_ENDPOINT?.trim() || `https://s3.${region}.amazonaws.com`;
  let url: URL | undefined;
  try {
    url = new URL(endpoint);
  } catch {
    url = undefined;
  }
  if (!url || !['http:', 'https:'].includes(url.protocol) || url.pathname !== '/' || url.search || url.username) {
    throw new ConfigError(`MINGA_S3_ENDPOINT must be the service's base URL, e.g. https://s3.example.org or http://127.0.0.1:9000, got "${endpoint}"`);
  }
  const accessKeyId = env.MINGA_S3_ACCESS_KEY_ID?.trim() ?? '';
  const secretAccessKey = env.MINGA_S3_SECRET_ACCESS_KEY ?? '';
  if (!accessKeyId || !secretAccessKey) throw new ConfigError('MINGA_S3_ACCESS_KEY_ID and MINGA_S3_SECRET_ACCESS_KEY are required with MINGA_S3_BUCKET');
  const rawPrefix = (env.MINGA_S3_PREFIX ?? '').trim().replace(/^\/+/, '');
  const prefix = rawPrefix && !rawPrefix.endsWith('/') ? `${rawPrefix}/` : rawPrefix;
  if (!PREFIX.test(prefix) || prefix.includes('..') || prefix.length > 200) {
    throw new ConfigError(`MINGA_S3_PREFIX must be folder names of letters, digits and . _ - separated by /, got "${env.MINGA_S3_PREFIX}"`);
  }
  return { endpoint: url.origin, bucket, region, accessKeyId, secretAccessKey, prefix, pathStyle: flag(env, 'MINGA_S3_PATH_STYLE', true) };
}

/**
 * MINGA_FILES_DIR, or MINGA_S3_*: where uploaded files are kept. Without either, SQLite keeps
 * them beside its file as always; PostgreSQL has no such file, and its hosts must share the
 * files, so it refuses to start without one of them.
 */
export function loadFilesConfig(env: NodeJS.ProcessEnv): FilesConfig {
  const dir = env.MINGA_FILES_DIR?.trim() || undefined;
  const s3 = S3_VARIABLES.some((name) => env[name]?.trim());
  if (dir && s3) throw new ConfigError('Set either MINGA_FILES_DIR or MINGA_S3_*, not both: uploaded files live in one place');
  if (s3) return { kind: 's3', s3: loadS3(env) };
  if (!dir && engineFromEnv(env) === 'pg') {
    throw new ConfigError(
      'On PostgreSQL, uploaded files need a place every host reaches: set MINGA_FILES_DIR (a folder, shared by all hosts when there are several) or MINGA_S3_BUCKET with MINGA_S3_ENDPOINT and its keys',
    );
  }
  return { kind: 'directory', dir: dir ? resolve(dir) : undefined };
}

/** The folder of the uploaded files of a SQLite database, or null when they are in a bucket (backups then leave them to it). */
export function filesDirOf(files: FilesConfig | undefined, dbFile: string): string | null {
  if (files?.kind === 's3') return null;
  return files?.dir ?? filesDirBeside(dbFile);
}

/** For the maintenance commands on a SQLite file (backup, restore): the files folder, or null when files are in a bucket. */
export function filesDirFromEnv(env: NodeJS.ProcessEnv, dbFile: string): string | null {
  return filesDirOf(loadFilesConfig(env), dbFile);
}
