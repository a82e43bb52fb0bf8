import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { ORIGIN, registerUser } from '../helpers/accounts.ts';

let t: TestApp;
beforeEach(async () => {
  t = await buildTestApp();
});
afterEach(async () => {
  await t.app.close();
});

describe('personal API tokens', () => {
  it('creates a token shown once, lists it without the secret, authenticates with it, and revokes it', async () => {
    const account = await registerUser(t.app);
    const headers = { origin: ORIGIN, cookie: account.cookie };

    const created = await t.app.inject({ method: 'POST', url: '/api/me/tokens', headers, payload: { name: 'Informe semanal' } });
    expect(created.statusCode).toBe(201);
    const { token, item } = created.json();
    expect(token).toMatch(/^minga_pat_[A-Za-z0-9_-]{40,}$/);
    expect(item).toMatchObject({ name: 'Informe semanal', lastUsedAt: null });
    expect(token.startsWith(item.prefix)).toBe(true);

    const list = await t.app.inject({ url: '/api/me/tokens', headers });
    expect(list.json().items).toHaveLength(1);
    expect(list.body).not.toContain(token);

    const stored = t.database.sqlite.prepare('SELECT token_hash FROM api_tokens').all() as { token_hash: string }[];
    expect(stored).toHaveLength(1);
    expect(stored[0]!.token_hash).not.toContain(token);

    const me = await t.app.inject({ url: '/api/me', headers: { authorization: `Bearer ${token}` } });
    expect(me.statusCode).toBe(200);
    expect(me.json().user.username).toBe(account.username);
    const used = await t.app.inject({ url: '/api/me/tokens', headers });
    expect(used.json().items[0].lastUsedAt).not.toBeNull();

    const revoked = await t.app.inject({ method: 'DELETE', url: `/api/me/tokens/${item.id}`, headers });
    expect(revoked.statusCode).toBe(204);
    const after = await t.app.inject({ url: '/api/me', headers: { authorization: `Bearer ${token}` } });
    expect(after.statusCode).toBe(401);
  });

  it("cannot revoke someone else's token", async () => {
    const owner = await registerUser(t.app);
    const other = await registerUser(t.app);
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/me/tokens',
      headers: { origin: ORIGIN, cookie: owner.cookie },
      payload: { name: 'mine' },
    });
    const response = await t.app.inject({
      method: 'DELETE',
      url: `/api/me/tokens/${created.json().item.id}`,
      headers: { origin: ORIGIN, cookie: other.cookie },
    });
    expect(response.statusCode).toBe(404);
    expect(response.json().error.code).toBe('TOKEN_NOT_FOUND');
    const stillWorks = await t.app.inject({ url: '/api/me', headers: { authorization: `Bearer ${created.json().token}` } });
    expect(stillWorks.statusCode).toBe(200);
  });

  it('requires a name and a signed-in user', async () => {
    const account = await registerUser(t.app);
    const blank = await t.app.inject({
      method: 'POST',
      url: '/api/me/tokens',
      headers: { origin: ORIGIN, cookie: account.cookie },
      payload: { name: '  ' },
    });
    expect(blank.statusCode).toBe(400);
    expect(blank.json().error).toMatchObject({ code: 'TOKEN_NAME_INVALID', field: 'name' });
    const anonymous = await t.app.inject({ method: 'POST', url: '/api/me/tokens', headers: { origin: ORIGIN }, payload: { name: 'x' } });
    expect(anonymous.statusCode).toBe(401);
  });
});
