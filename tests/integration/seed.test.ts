import { describe, expect, it } from 'vitest';
import { COUNTRIES } from '../../db/seed/data/countries.ts';
import { INSTITUTIONS } from '../../db/seed/data/institutions.ts';
import { DEMO_ACCOUNTS } from '../../db/seed/data/people.ts';
import { seedDatabase } from '../../db/seed/index.ts';
import { buildApp } from '../../server/app.ts';
import { defaultRateLimits } from '../../server/config.ts';
import { hashPassword } from '../../server/modules/auth/passwords.ts';
import { ORIGIN } from '../helpers/accounts.ts';
import { openTestDatabase } from '../helpers/postgres.ts';

describe('demo data', () => {
  it('covers the network: Latin America, the Caribbean, Spain, Portugal and Cape Verde', () => {
    const codes = COUNTRIES.map((c) => c.code);
    expect(codes).toEqual(expect.arrayContaining(['AR', 'BR', 'CO', 'CR', 'DO', 'JM', 'TT', 'ES', 'PT', 'CV']));
    expect(new Set(codes).size).toBe(codes.length);
    for (const institution of INSTITUTIONS) expect(codes, institution.acronym).toContain(institution.countryCode);
    expect(INSTITUTIONS.length).toBeGreaterThanOrEqual(55);
    expect(INSTITUTIONS.map((i) => i.acronym)).toEqual(expect.arrayContaining(['SENAI', 'SENAC', 'SENA', 'INA', 'INFOTEP', 'SENATI', 'INTECAP', 'INADEH', 'SENCE', 'INEFOP', 'SNPP', 'INSAFORP', 'INFOP', 'INATEC']));
  });

  it('is deterministic and its demo accounts log in with the configured password', async () => {
    const dump = async () => {
      const database = (await openTestDatabase({ reference: false })).database;
      const result = await seedDatabase(database.db, {
        reference: true,
        demoAccounts: true,
        demoPassword: 'contraseña-de-demo',
        forums: false,
        hashPassword,
        progress: () => {},
      });
      return { database, result };
    };
    const a = await dump();
    const b = await dump();
    const rows = (d: typeof a) =>
      d.database.sqlite.prepare('SELECT id, username, role, institution_id, country_code, created_at FROM users ORDER BY id').all();
    expect(rows(a)).toEqual(rows(b));
    expect(a.result).toMatchObject({ accounts: DEMO_ACCOUNTS.length, generatedPassword: null });
    await b.database.close();

    const app = await buildApp({ config: { clientDir: undefined, rateLimits: defaultRateLimits() }, database: a.database, closeDatabase: true });
    const login = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { origin: ORIGIN },
      payload: { username: 'admin', password: 'contraseña-de-demo' },
    });
    expect(login.statusCode).toBe(200);
    // Demo accounts count as verified: they may post at once.
    expect(login.json().user).toMatchObject({ role: 'admin', institution: { acronym: 'INEFOP' }, emailVerified: true });
    expect(a.database.sqlite.prepare('SELECT count(*) FROM users WHERE email_verified_at IS NULL').pluck().get()).toBe(0);
    await app.close();
  }, 120_000); // two seedings of the knowledge bases at full scale, each hashing the demo accounts' passwords (argon2): slow on a busy machine

  it('generates a password when none is configured, and reports it once', async () => {
    const database = (await openTestDatabase({ reference: false })).database;
    const result = await seedDatabase(database.db, { reference: true, demoAccounts: true, forums: false, hashPassword });
    expect(result.generatedPassword).toMatch(/^[A-Za-z0-9_-]{16}$/);
    await database.close();
  }, 60_000); // the knowledge bases at full scale
});
