import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';

/** A person at the provider: the login typed in its form names them; `sub` defaults to the login. */
export interface ProviderAccount {
  sub?: string;
  email?: string;
  email_verified?: boolean;
  name?: string;
  preferred_username?: string;
}

export interface TestOidcProvider {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** People who can sign in at the provider, by the login typed in its form. */
  accounts: Map<string, ProviderAccount>;
  /** Seconds an authorization code lives (60 unless a test shortens it). */
  codeTtl: { seconds: number };
  close(): Promise<void>;
}

/**
 * A real OpenID Provider (the `oidc-provider` package) on loopback, with its development
 * sign-in form: one confidential client whose redirect URIs are the app's callbacks, PKCE
 * required, the email and profile claims.
 */
export async function startOidcProvider(options: {
  redirectUris: string[];
  clientId?: string;
  clientSecret?: string;
  /** How the client authenticates at the token endpoint; the provider then offers only that method. */
  authMethod?: 'client_secret_post' | 'client_secret_basic';
}): Promise<TestOidcProvider> {
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const clientId = options.clientId ?? 'minga-test';
  const clientSecret = options.clientSecret ?? 'a-long-test-secret-for-the-provider';
  const accounts = new Map<string, ProviderAccount>();
  const codeTtl = { seconds: 60 };
  const authMethod = options.authMethod ?? 'client_secret_post';
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: options.redirectUris,
        token_endpoint_auth_method: authMethod,
        grant_types: ['authorization_code'],
        response_types: ['code'],
      },
    ],
    cookies: { keys: ['minga-test-provider-cookie-key'] },
    clientAuthMethods: [authMethod],
    pkce: { required: () => true },
    features: { devInteractions: { enabled: true } },
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name', 'preferred_username'] },
    ttl: { AuthorizationCode: () => codeTtl.seconds, AccessToken: 600, IdToken: 600, Interaction: 600, Session: 600, Grant: 600 },
    async findAccount(_ctx, id) {
      const account = accounts.get(id) ?? {};
      return { accountId: id, claims: async () => ({ ...account, sub: account.sub ?? id }) };
    },
  });
  server.on('request', provider.callback());
  return {
    issuer,
    clientId,
    clientSecret,
    accounts,
    codeTtl,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/**
 * Plays the browser at the provider: from the authorization address (the app's redirect),
 * through its sign-in and consent forms, to the redirect back to the app; returns that address.
 */
export async function signInAtProvider(authorizationUrl: string, login: string, backTo: string): Promise<URL> {
  const jar = new Map<string, string>();
  const cookieHeader = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
  const remember = (response: Response) => {
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const eq = pair!.indexOf('=');
      const name = pair!.slice(0, eq).trim();
      const value = pair!.slice(eq + 1).trim();
      if (/expires=Thu, 01 Jan 1970/i.test(line) || value === '') jar.delete(name);
      else jar.set(name, value);
    }
  };
  let url = authorizationUrl;
  for (let step = 0; step < 12; step++) {
    if (url.startsWith(backTo)) return new URL(url);
    const page = await fetch(url, { redirect: 'manual', headers: { cookie: cookieHeader() } });
    remember(page);
    if (page.status >= 300 && page.status < 400) {
      url = new URL(page.headers.get('location')!, url).href;
      continue;
    }
    const html = await page.text();
    const prompt = /name="prompt" value="(\w+)"/.exec(html)?.[1];
    const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
    if (!prompt || !action) throw new Error(`unexpected page at the provider (${page.status}): ${html.slice(0, 300)}`);
    const body = new URLSearchParams(prompt === 'login' ? { prompt, login, password: 'any' } : { prompt });
    const answer = await fetch(new URL(action.replace(/&amp;/g, '&'), url), {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie: cookieHeader(), 'content-type': 'application/x-www-form-urlencoded' },
      body,
    });
    remember(answer);
    url = new URL(answer.headers.get('location')!, url).href;
  }
  throw new Error('the provider never sent the browser back');
}
