import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { projectRoot } from './lib/paths.ts';

export type SeedMode = 'demo' | 'none';

export interface Config {
  port: number;
  host: string;
  /** SQLite file, or ':memory:' (the embedded default). */
  dbFile: string;
  /** PostgreSQL instead of SQLite (MINGA_DATABASE_URL) and its pool size per process (MINGA_DB_POOL). */
  database?: { url: string; poolSize: number };
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
    /** Full-text searches per client (account, else address) on each searching route; default 120 a minute. */
    search?: { max: number; windowMs: number };
    /** Failed sign-ins per address across account names (password spraying); 30 per 15 minutes by default. */
    loginFailures?: { max: number; windowMs: number };
  };
  /** `GET /metrics` (Prometheus): on unless turned off; a bearer token when set. */
  metrics: MetricsConfig;
  /** Scheduled online backups into a folder, when one is named. */
  backup: BackupSchedule | null;
  /** Protection of the HTTP server against slow and greedy clients. */
  http: HttpLimits;
  /** Outgoing mail: SMTP when configured, else kept in the outbox for the admins' Outbox page. */
  mail: MailConfig;
  /** Notification mail: the delay before an unseen notification is mailed, the hourly cap. */
  notifyMail: NotifyMailConfig;
  /** Webhooks: whether endpoints on private networks and loopback are allowed (intranets, tests). */
  webhooks?: WebhooksConfig;
  /** Sign-in with an institution (OpenID Connect): the provider configured by environment, if any. */
  oidc?: OidcConfig;
  /** Several processes (issue 20): how many, and the Redis they share state through. */
  cluster?: ClusterConfig;
}

export interface ClusterConfig {
  /** MINGA_WORKERS: processes serving on the one port (1: a single process, no primary). */
  workers: number;
  /** MINGA_REDIS_URL: required when workers > 1 or when several machines serve one site. */
  redisUrl: string | undefined;
  /** MINGA_REDIS_PREFIX: keys and channels under it (default `minga:`), so sites may share a Redis. */
  redisPrefix: string;
}

/** MINGA_WORKERS (`<n>` or `auto`: one per core), MINGA_REDIS_URL, MINGA_REDIS_PREFIX. */
export function loadClusterConfig(env: NodeJS.ProcessEnv, cores = availableParallelism()): ClusterConfig {
  const raw = (env.MINGA_WORKERS ?? '').trim();
  const workers = raw === '' ? 1 : raw === 'auto' ? cores : Number(raw);
  if (!Number.isInteger(workers) || workers < 1 || workers > 64) {
    throw new ConfigError(`MINGA_WORKERS must be a whole number from 1 to 64, or "auto" (one per core), got "${raw}"`);
  }
  const redisUrl = env.MINGA_REDIS_URL?.trim() || undefined;
  if (redisUrl !== undefined) {
    let url: URL | undefined;
    try {
      url = new URL(redisUrl);
    } catch {
      url = undefined;
    }
    if (!url || !['redis:', 'rediss:'].includes(url.protocol) || !url.hostname) {
      throw new ConfigError('MINGA_REDIS_URL must look like redis://[:password@]host:6379[/db] or rediss://…');
    }
  }
  if (workers > 1 && !redisUrl) {
    throw new ConfigError(`MINGA_WORKERS=${raw} needs MINGA_REDIS_URL: the processes share rate limits, presence, live events and caches through Redis`);
  }
  const redisPrefix = env.MINGA_REDIS_PREFIX?.trim() || 'minga:';
  if (!/^[A-Za-z0-9:_.-]{1,64}$/.test(redisPrefix)) {
    throw new ConfigError('MINGA_REDIS_PREFIX may hold letters, digits and : _ . - (at most 64)');
  }
  return { workers, redisUrl, redisPrefix };
}

/** MINGA_OIDC_*: one OpenID Provider; admins add more on /admin/sign-in. */
export interface OidcEnvProvider {
  /** MINGA_OIDC_ID (default `sso`): in the sign-in's addresses, /api/auth/oidc/<id>/start. */
  id: string;
  name: string;
  issuer: string;
  clientId: string;
  clientSecret: string;
}

export interface OidcConfig {
  provider: OidcEnvProvider | null;
}

const OIDC_ID = /^[a-z0-9][a-z0-9-]{0,39}$/;

/** An issuer is https, or http on this machine only (a test or development provider). */
export function isAcceptableIssuer(raw: string): boolean {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return false;
  }
  if (url.search || url.hash || url.username || url.password) return false;
  if (url.protocol === 'https:') return true;
  return url.protocol === 'http:' && isLoopbackHost(url.hostname);
}

export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return host === 'localhost' || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host);
}

function loadOidc(env: NodeJS.ProcessEnv): OidcConfig {
  const issuer = env.MINGA_OIDC_ISSUER?.trim();
  if (!issuer) return { provider: null };
  if (!isAcceptableIssuer(issuer)) {
    throw new ConfigError(`MINGA_OIDC_ISSUER must be an https URL (http only on localhost), got "${issuer}"`);
  }
  const clientId = env.MINGA_OIDC_CLIENT_ID?.trim();
  const clientSecret = env.MINGA_OIDC_CLIENT_SECRET ?? '';
  if (!clientId) throw new ConfigError('MINGA_OIDC_CLIENT_ID is required with MINGA_OIDC_ISSUER');
  if (!clientSecret) throw new ConfigError('MINGA_OIDC_CLIENT_SECRET is required with MINGA_OIDC_ISSUER');
  const id = env.MINGA_OIDC_ID?.trim() || 'sso';
  if (!OIDC_ID.test(id)) throw new ConfigError(`MINGA_OIDC_ID must be lower-case letters, digits and dashes (at most 40), got "${id}"`);
  const name = env.MINGA_OIDC_NAME?.trim() || new URL(issuer).hostname;
  return { provider: { id, name, issuer: issuer.replace(/\/+$/, ''), clientId, clientSecret } };
}

export interface WebhooksConfig {
  /** MINGA_WEBHOOKS_ALLOW_PRIVATE=1: loopback, private and link-local targets are allowed. */
  allowPrivate: boolean;
}

export interface NotifyMailConfig {
  /** A notification is mailed only if not seen within this many seconds (0: at once). */
  delayS: number;
  /** At most this many notification mails an hour per member; the rest wait for the digest. */
  hourlyCap: number;
}

export function defaultNotifyMailConfig(): NotifyMailConfig {
  return { delayS: 600, hourlyCap: 10 };
}

function loadNotifyMail(env: NodeJS.ProcessEnv): NotifyMailConfig {
  const raw = env.MINGA_NOTIFY_EMAIL_DELAY_S;
  const delayS = raw === undefined || raw === '' ? 600 : Number(raw);
  if (!Number.isFinite(delayS) || delayS < 0) throw new ConfigError(`MINGA_NOTIFY_EMAIL_DELAY_S must be 0 or more seconds, got "${raw}"`);
  return { delayS, hourlyCap: positiveNumber(env, 'MINGA_NOTIFY_EMAIL_HOURLY_CAP', 10, true) };
}

export interface MailConfig {
  /** `smtp://user:pass@host:587` or `smtps://…`; undefined keeps every message in the outbox. */
  smtpUrl: string | undefined;
  /** The From header, e.g. `Minga <minga@example.org>`. */
  from: string;
  /** The site's public base URL, without a trailing slash: every absolute link in a message. */
  publicUrl: string;
  /** Domain of the reply and bounce addresses (`reply+…@`, `bounce+…@`); the From's by default. */
  replyDomain?: string;
  /** Minga's own SMTP listener for replies by email and bounces; off when absent. */
  inbound?: { port: number; host: string };
}

export interface MetricsConfig {
  enabled: boolean;
  token: string | undefined;
}

export interface BackupSchedule {
  dir: string;
  intervalMs: number;
  keep: number;
}

export interface HttpLimits {
  /** Whole request (headers and body) must arrive within this. */
  requestTimeoutMs: number;
  /** Headers must arrive within this (slowloris). */
  headersTimeoutMs: number;
  /** Idle keep-alive connections are closed after this. */
  keepAliveTimeoutMs: number;
  /** Open connections (HTTP and sockets) beyond this are refused. */
  maxConnections: number;
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
    database: loadDatabase(env),
    seed,
    demoPassword,
    logLevel: env.LOG_LEVEL || 'info',
    trustProxy: env.MINGA_TRUST_PROXY === '1' || env.MINGA_TRUST_PROXY === 'true',
    clientDir: resolve(projectRoot(), env.MINGA_CLIENT_DIR || 'dist/client'),
    rateLimits: defaultRateLimits(),
    metrics: loadMetrics(env),
    backup: loadBackupSchedule(env),
    http: loadHttpLimits(env),
    mail: loadMailConfig(env, port),
    notifyMail: loadNotifyMail(env),
    webhooks: { allowPrivate: env.MINGA_WEBHOOKS_ALLOW_PRIVATE === '1' || env.MINGA_WEBHOOKS_ALLOW_PRIVATE === 'true' },
    oidc: loadOidc(env),
    cluster: loadClusterConfig(env),
  };
}

function loadDatabase(env: NodeJS.ProcessEnv): Config['database'] {
  const url = env.MINGA_DATABASE_URL?.trim();
  if (!url) return undefined;
  if (!/^postgres(ql)?:\/\//i.test(url)) {
    throw new ConfigError(`MINGA_DATABASE_URL must be a postgres:// URL (postgres://user:password@host:5432/minga), got "${url.replace(/\/\/[^@/]*@/, '//…@')}"`);
  }
  const rawPool = env.MINGA_DB_POOL?.trim();
  const poolSize = rawPool ? Number(rawPool) : 10;
  if (!Number.isInteger(poolSize) || poolSize < 1 || poolSize > 500) {
    throw new ConfigError(`MINGA_DB_POOL must be an integer between 1 and 500, got "${rawPool}"`);
  }
  return { url, poolSize };
}

export function defaultMailConfig(port = 3000): MailConfig {
  return { smtpUrl: undefined, from: 'Minga <minga@localhost>', publicUrl: `http://localhost:${port}` };
}

function loadMailConfig(env: NodeJS.ProcessEnv, port: number): MailConfig {
  const defaults = defaultMailConfig(port);
  const smtpUrl = env.MINGA_SMTP_URL || undefined;
  if (smtpUrl !== undefined) {
    let url: URL | undefined;
    try {
      url = new URL(smtpUrl);
    } catch {
      url = undefined;
    }
    if (!url || !['smtp:', 'smtps:'].includes(url.protocol) || !url.hostname) {
      throw new ConfigError('MINGA_SMTP_URL must look like smtp://user:pass@host:587 or smtps://user:pass@host:465');
    }
  }
  const from = env.MINGA_MAIL_FROM || defaults.from;
  if (!/^[^<>@\s]+@[^<>@\s]+$|<[^<>@\s]+@[^<>@\s]+>\s*$/.test(from.trim())) {
    throw new ConfigError(`MINGA_MAIL_FROM must be an address, e.g. "Minga <minga@example.org>", got "${from}"`);
  }
  const rawPublic = env.MINGA_PUBLIC_URL || defaults.publicUrl;
  let publicUrl: URL;
  try {
    publicUrl = new URL(rawPublic);
  } catch {
    throw new ConfigError(`MINGA_PUBLIC_URL must be an absolute http(s) URL, got "${rawPublic}"`);
  }
  if (!['http:', 'https:'].includes(publicUrl.protocol) || publicUrl.search || publicUrl.hash) {
    throw new ConfigError(`MINGA_PUBLIC_URL must be an http(s) URL without query or fragment, got "${rawPublic}"`);
  }
  const replyDomain = env.MINGA_MAIL_REPLY_DOMAIN?.trim() || undefined;
  if (replyDomain !== undefined && !/^[a-z0-9.-]+\.[a-z0-9-]+$|^localhost$/i.test(replyDomain)) {
    throw new ConfigError(`MINGA_MAIL_REPLY_DOMAIN must be a domain name, e.g. "reply.example.org", got "${replyDomain}"`);
  }
  return { smtpUrl, from: from.trim(), publicUrl: publicUrl.href.replace(/\/+$/, ''), replyDomain, inbound: loadInbound(env) };
}

function loadInbound(env: NodeJS.ProcessEnv): MailConfig['inbound'] {
  const raw = env.MINGA_INBOUND_SMTP_PORT;
  if (raw === undefined || raw === '') return undefined;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new ConfigError(`MINGA_INBOUND_SMTP_PORT must be an integer between 0 and 65535, got "${raw}"`);
  }
  return { port, host: env.MINGA_INBOUND_SMTP_HOST || '127.0.0.1' };
}

function loadMetrics(env: NodeJS.ProcessEnv): MetricsConfig {
  const value = (env.MINGA_METRICS || 'on').toLowerCase();
  if (!['on', 'off', '1', '0', 'true', 'false'].includes(value)) {
    throw new ConfigError(`MINGA_METRICS must be "on" or "off", got "${env.MINGA_METRICS}"`);
  }
  const token = env.MINGA_METRICS_TOKEN || undefined;
  if (token !== undefined && token.length < 16) throw new ConfigError('MINGA_METRICS_TOKEN must be at least 16 characters long');
  return { enabled: value === 'on' || value === '1' || value === 'true', token };
}

function positiveNumber(env: NodeJS.ProcessEnv, name: string, fallback: number, integer = false): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0 || (integer && !Number.isInteger(value))) {
    throw new ConfigError(`${name} must be a positive ${integer ? 'integer' : 'number'}, got "${raw}"`);
  }
  return value;
}

function loadBackupSchedule(env: NodeJS.ProcessEnv): BackupSchedule | null {
  const intervalMin = positiveNumber(env, 'MINGA_BACKUP_INTERVAL_MIN', 24 * 60);
  const keep = positiveNumber(env, 'MINGA_BACKUP_KEEP', 7, true);
  if (!env.MINGA_BACKUP_DIR) return null;
  return { dir: resolve(env.MINGA_BACKUP_DIR), intervalMs: Math.round(intervalMin * 60_000), keep };
}

export function defaultHttpLimits(): HttpLimits {
  return { requestTimeoutMs: 120_000, headersTimeoutMs: 15_000, keepAliveTimeoutMs: 5_000, maxConnections: 20_000 };
}

function loadHttpLimits(env: NodeJS.ProcessEnv): HttpLimits {
  const defaults = defaultHttpLimits();
  const headersTimeoutMs = positiveNumber(env, 'MINGA_HEADERS_TIMEOUT_S', defaults.headersTimeoutMs / 1000) * 1000;
  const requestTimeoutMs = positiveNumber(env, 'MINGA_REQUEST_TIMEOUT_S', defaults.requestTimeoutMs / 1000) * 1000;
  if (headersTimeoutMs > requestTimeoutMs) {
    throw new ConfigError('MINGA_HEADERS_TIMEOUT_S must not be longer than MINGA_REQUEST_TIMEOUT_S');
  }
  return {
    requestTimeoutMs,
    headersTimeoutMs,
    keepAliveTimeoutMs: defaults.keepAliveTimeoutMs,
    maxConnections: positiveNumber(env, 'MINGA_MAX_CONNECTIONS', defaults.maxConnections, true),
  };
}

export function defaultRateLimits(): Config['rateLimits'] {
  return {
    login: { max: 10, windowMs: 60_000 },
    register: { max: 30, windowMs: 15 * 60_000 },
    search: { max: 120, windowMs: 60_000 },
    loginFailures: { max: 30, windowMs: 15 * 60_000 },
  };
}
