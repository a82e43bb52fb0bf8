import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../server/config.ts';
import { filesDirFromEnv, loadFilesConfig } from '../../server/storage/config.ts';

const s3Env = {
  MINGA_S3_ENDPOINT: 'http://127.0.0.1:9000',
  MINGA_S3_BUCKET: 'minga-files',
  MINGA_S3_ACCESS_KEY_ID: 'key',
  MINGA_S3_SECRET_ACCESS_KEY: 'secret',
};

describe('where uploaded files go', () => {
  it('stays beside the SQLite file when nothing is set, as before', () => {
    expect(loadFilesConfig({})).toEqual({ kind: 'directory', dir: undefined });
    expect(filesDirFromEnv({}, '/srv/minga/data/minga.db')).toBe('/srv/minga/data/files');
    expect(loadConfig({}).files).toEqual({ kind: 'directory', dir: undefined });
  });

  it('takes MINGA_FILES_DIR, on either engine', () => {
    expect(loadFilesConfig({ MINGA_FILES_DIR: 'shared/files' })).toEqual({ kind: 'directory', dir: resolve('shared/files') });
    expect(loadFilesConfig({ MINGA_FILES_DIR: '/mnt/minga', MINGA_DATABASE_URL: 'postgres://db/minga' })).toEqual({ kind: 'directory', dir: '/mnt/minga' });
    expect(filesDirFromEnv({ MINGA_FILES_DIR: '/mnt/minga' }, '/srv/minga.db')).toBe('/mnt/minga');
  });

  it('refuses to start on PostgreSQL without a folder or a bucket, saying what to set', () => {
    for (const env of [{ MINGA_DATABASE_URL: 'postgres://db/minga' }, { MINGA_DB_ENGINE: 'pg' }]) {
      expect(() => loadConfig(env)).toThrow(ConfigError);
      expect(() => loadConfig(env)).toThrow(/MINGA_FILES_DIR.*MINGA_S3_BUCKET/);
    }
  });

  it('reads an S3 bucket, with its defaults', () => {
    expect(loadFilesConfig({ ...s3Env, MINGA_DATABASE_URL: 'postgres://db/minga' })).toEqual({
      kind: 's3',
      s3: { endpoint: 'http://127.0.0.1:9000', bucket: 'minga-files', region: 'us-east-1', accessKeyId: 'key', secretAccessKey: 'secret', prefix: '', pathStyle: true },
    });
    const aws = loadFilesConfig({ ...s3Env, MINGA_S3_ENDPOINT: '', MINGA_S3_REGION: 'eu-west-3', MINGA_S3_PREFIX: '/sites/minga', MINGA_S3_PATH_STYLE: '0' });
    expect(aws).toMatchObject({ s3: { endpoint: 'https://s3.eu-west-3.amazonaws.com', region: 'eu-west-3', prefix: 'sites/minga/', pathStyle: false } });
    expect(filesDirFromEnv(s3Env, '/srv/minga.db')).toBeNull();
  });

  it('refuses an incomplete or ambiguous configuration with a clear message', () => {
    const cases: [NodeJS.ProcessEnv, RegExp][] = [
      [{ ...s3Env, MINGA_FILES_DIR: '/mnt/minga' }, /either MINGA_FILES_DIR or MINGA_S3_/],
      [{ ...s3Env, MINGA_S3_BUCKET: '' }, /MINGA_S3_BUCKET is required/],
      [{ ...s3Env, MINGA_S3_BUCKET: 'Bad_Bucket' }, /MINGA_S3_BUCKET must be a bucket name/],
      [{ ...s3Env, MINGA_S3_SECRET_ACCESS_KEY: '' }, /MINGA_S3_SECRET_ACCESS_KEY are required/],
      [{ ...s3Env, MINGA_S3_ENDPOINT: 'http://minio:9000/minga-files' }, /MINGA_S3_ENDPOINT must be the service's base URL/],
      [{ ...s3Env, MINGA_S3_ENDPOINT: 'ftp://minio' }, /MINGA_S3_ENDPOINT/],
      [{ ...s3Env, MINGA_S3_PREFIX: '../other' }, /MINGA_S3_PREFIX/],
      [{ ...s3Env, MINGA_S3_PATH_STYLE: 'maybe' }, /MINGA_S3_PATH_STYLE must be 1 or 0/],
    ];
    for (const [env, message] of cases) expect(() => loadFilesConfig(env), String(message)).toThrow(message);
  });
});
