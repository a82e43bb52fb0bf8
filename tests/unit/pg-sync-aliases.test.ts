import { describe, expect, it } from 'vitest';
import { toPostgresPlaceholders } from '../helpers/pg-sync.ts';

// The tests' own SQL on PostgreSQL (tests/helpers/pg-sync.ts): aliases keep the spelling the test wrote.
describe('the PostgreSQL stand-in’s statements', () => {
  it('quotes an alias spelled with a capital, camelCase or capitals only, wherever the statement names it', () => {
    expect(toPostgresPlaceholders('SELECT status, last_error AS lastError FROM mail_outbox ORDER BY lastError', []).text).toBe(
      'SELECT status, last_error AS "lastError" FROM mail_outbox ORDER BY "lastError"',
    );
    expect(toPostgresPlaceholders('SELECT count(*) AS N FROM posts p ORDER BY N', []).text).toBe('SELECT count(*) AS "N" FROM posts p ORDER BY "N"');
    expect(toPostgresPlaceholders('SELECT x.postCount FROM (SELECT count(*) as postCount FROM posts) x', []).text).toBe(
      'SELECT x."postCount" FROM (SELECT count(*) as "postCount" FROM posts) x',
    );
  });

  it('leaves lower-case aliases, a CAST’s type, quoted text and placeholders as they are', () => {
    expect(toPostgresPlaceholders('SELECT count(*) AS n, CAST(id AS TEXT) AS idText FROM posts WHERE id = ?', [1])).toEqual({
      text: 'SELECT count(*) AS n, CAST(id AS TEXT) AS "idText" FROM posts WHERE id = $1',
      values: [1],
    });
    expect(toPostgresPlaceholders(`SELECT 'AS N' AS "N", user_id AS userId FROM users WHERE id = @userId`, [{ userId: 7 }])).toEqual({
      text: `SELECT 'AS N' AS "N", user_id AS "userId" FROM users WHERE id = $1`,
      values: [7],
    });
  });
});
