import { describe, expect, it } from 'vitest';
import { ConfigError, isAcceptableIssuer, loadConfig } from '../../server/config.ts';
import { cleanDomain, emailInDomains, usernameBase } from '../../server/modules/oidc/accounts.ts';
import { callbackUrl, safeNext } from '../../server/modules/oidc/sign-in.ts';

const claims = (over: Partial<Parameters<typeof usernameBase>[0]>) => ({ subject: 's', email: null, emailVerified: false, name: null, preferredUsername: null, ...over });

describe('signing in with an institution: the rules', () => {
  it('reads the environment\'s provider, with `sso` as its id by default', () => {
    expect(loadConfig({}).oidc).toEqual({ provider: null });
    const { oidc } = loadConfig({ MINGA_OIDC_ISSUER: 'https://login.senai.br/', MINGA_OIDC_CLIENT_ID: 'minga', MINGA_OIDC_CLIENT_SECRET: 's3cret' });
    expect(oidc?.provider).toEqual({ id: 'sso', name: 'login.senai.br', issuer: 'https://login.senai.br', clientId: 'minga', clientSecret: 's3cret' });
    expect(loadConfig({ MINGA_OIDC_ISSUER: 'https://a.org', MINGA_OIDC_CLIENT_ID: 'x', MINGA_OIDC_CLIENT_SECRET: 'y', MINGA_OIDC_ID: 'senai', MINGA_OIDC_NAME: 'SENAI' }).oidc?.provider).toMatchObject({ id: 'senai', name: 'SENAI' });
  });

  it('refuses a plain-http public issuer, a missing client, a bad id', () => {
    expect(() => loadConfig({ MINGA_OIDC_ISSUER: 'http://login.senai.br', MINGA_OIDC_CLIENT_ID: 'x', MINGA_OIDC_CLIENT_SECRET: 'y' })).toThrow(ConfigError);
    expect(() => loadConfig({ MINGA_OIDC_ISSUER: 'https://login.senai.br' })).toThrow(/CLIENT_ID/);
    expect(() => loadConfig({ MINGA_OIDC_ISSUER: 'https://a.org', MINGA_OIDC_CLIENT_ID: 'x' })).toThrow(/CLIENT_SECRET/);
    expect(() => loadConfig({ MINGA_OIDC_ISSUER: 'https://a.org', MINGA_OIDC_CLIENT_ID: 'x', MINGA_OIDC_CLIENT_SECRET: 'y', MINGA_OIDC_ID: '../x' })).toThrow(/MINGA_OIDC_ID/);
    expect(isAcceptableIssuer('http://127.0.0.1:4000')).toBe(true);
    expect(isAcceptableIssuer('http://localhost:4000/realms/x')).toBe(true);
    expect(isAcceptableIssuer('http://10.0.0.5')).toBe(false);
    expect(isAcceptableIssuer('https://a.org/?x=1')).toBe(false);
  });

  it('proposes a username within the rules', () => {
    expect(usernameBase(claims({ preferredUsername: 'João.Silva' }))).toBe('joao_silva');
    expect(usernameBase(claims({ email: 'ana.maria@senai.br' }))).toBe('ana_maria');
    expect(usernameBase(claims({ preferredUsername: 'jo@x.org' }))).toBe('jo_member');
    expect(usernameBase(claims({ preferredUsername: '日本' }))).toBe('member');
    expect(usernameBase(claims({ preferredUsername: 'a'.repeat(50) }))).toHaveLength(30);
  });

  it('only local paths are next; the callback comes from the public address', () => {
    expect(safeNext('/c/formacion?tab=1')).toBe('/c/formacion?tab=1');
    for (const bad of ['https://evil.example', '//evil.example', '/\\evil.example', 'javascript:alert(1)', undefined, '']) expect(safeNext(bad)).toBe('/');
    expect(callbackUrl('https://minga.example.org', 'sso')).toBe('https://minga.example.org/api/auth/oidc/sso/callback');
  });

  it('allowed domains match the domain and its subdomains only', () => {
    expect(cleanDomain(' @SENAI.br ')).toBe('senai.br');
    expect(cleanDomain('not a domain')).toBeNull();
    expect(emailInDomains('a@senai.br', ['senai.br'])).toBe(true);
    expect(emailInDomains('a@sp.senai.br', ['senai.br'])).toBe(true);
    expect(emailInDomains('a@evilsenai.br', ['senai.br'])).toBe(false);
    expect(emailInDomains(null, ['senai.br'])).toBe(false);
    expect(emailInDomains(null, [])).toBe(true);
  });
});
