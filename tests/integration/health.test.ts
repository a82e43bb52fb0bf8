import { afterEach, describe, expect, it } from 'vitest';
import { onPostgres } from '../../db/engine.ts';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { loseDatabase } from '../helpers/postgres.ts';

let t: TestApp;
afterEach(async () => {
  await t.app.close();
});

describe('GET /api/health', () => {
  it('answers 200 with the database and migrations current, unauthenticated', async () => {
    t = await buildTestApp({ reference: false });
    const response = await t.app.inject({ url: '/api/health' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: 'ok', db: 'ok', migrations: 'current', uptimeS: expect.any(Number) });
    expect(response.headers['cache-control']).toBe('no-store');
  });

  it('is never rate limited', async () => {
    t = await buildTestApp({ reference: false });
    for (let i = 0; i < 300; i++) {
      const response = await t.app.inject({ url: '/api/health' });
      expect(response.statusCode).toBe(200);
    }
  });

  it('answers 503 when the database does not answer', async () => {
    t = await buildTestApp({ reference: false });
    await loseDatabase(t.database);
    const response = await t.app.inject({ url: '/api/health' });
    expect(response.statusCode).toBe(503);
    expect(response.json()).toMatchObject({ status: 'unhealthy', db: 'error' });
  });

  it('answers 503 when a migration of the code is not applied to the database', async () => {
    t = await buildTestApp({ reference: false });
    // As if the database came from an older release and the newest migration never ran.
    // (PostgreSQL keeps the applied migrations in the schema `drizzle`.)
    const applied = onPostgres ? 'drizzle.__drizzle_migrations' : '__drizzle_migrations';
    t.database.sqlite.exec(`DELETE FROM ${applied} WHERE created_at = (SELECT max(created_at) FROM ${applied})`);
    const response = await t.app.inject({ url: '/api/health' });
    expect(response.statusCode).toBe(503);
    expect(response.json()).toMatchObject({ status: 'unhealthy', db: 'ok', migrations: 'pending' });
  });
});
