import type { App } from '../../server/app.ts';

/** The Origin a browser on the test host would send (app.inject's default host). */
export const ORIGIN = 'http://localhost:80';

let counter = 0;

export type NewAccount = {
  username: string;
  email: string;
  password: string;
  displayName: string;
};

export function newAccount(overrides: Partial<NewAccount> = {}): NewAccount {
  counter += 1;
  const username = overrides.username ?? `user_${process.pid}_${counter}`;
  return {
    username,
    email: `${username}@example.org`,
    password: 'tejido-andino-2026',
    displayName: `Persona ${counter}`,
    ...overrides,
  };
}

/** Pulls the session cookie out of a response, as a Cookie header value. */
export function sessionCookieOf(response: { cookies: { name: string; value: string }[] }): string {
  const cookie = response.cookies.find((c) => c.name === 'minga_session');
  if (!cookie || !cookie.value) throw new Error('no session cookie in the response');
  return `minga_session=${cookie.value}`;
}

/** Registers through the API and returns the account with its session cookie. */
export async function registerUser(app: App, overrides: Partial<NewAccount> = {}) {
  const account = newAccount(overrides);
  const response = await app.inject({
    method: 'POST',
    url: '/api/auth/register',
    headers: { origin: ORIGIN },
    payload: account,
  });
  if (response.statusCode !== 201) throw new Error(`register failed: ${response.statusCode} ${response.body}`);
  const user = response.json().user as { id: number; username: string; role: string };
  return { ...account, user, cookie: sessionCookieOf(response) };
}
