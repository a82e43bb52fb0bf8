import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { projectRoot } from '../../server/lib/paths.ts';

const root = projectRoot();

/**
 * Brings dist/server up to date (server/start.mjs --build-server: tsc when a source is newer),
 * one test file at a time: files running in parallel would otherwise compile over each other.
 */
export async function ensureServerBuilt(): Promise<void> {
  const lock = join(tmpdir(), `minga-build-${createHash('sha256').update(root).digest('hex').slice(0, 12)}.lock`);
  const deadline = Date.now() + 180_000;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      // A lock older than a build can take was left by a killed run.
      try {
        if (Date.now() - statSync(lock).mtimeMs > 120_000) rmSync(lock, { recursive: true, force: true });
      } catch {
        // released meanwhile
      }
      if (Date.now() > deadline) throw new Error(`build lock ${lock} held too long`);
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  try {
    const result = spawnSync(process.execPath, [join(root, 'server/start.mjs'), '--build-server'], { cwd: root, encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`server build failed:\n${result.stdout}\n${result.stderr}`);
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

export interface ServerProcess {
  child: ChildProcess;
  url: string;
  output(): string;
  /** Resolves with the exit code (or the signal's name) when the process ends. */
  exited: Promise<number | string>;
}

/** Runs `npm run <tool> -- args` as npm would (node server/start.mjs --tool), with MINGA_DB. */
export function runTool(tool: 'backup' | 'restore', args: string[], env: Record<string, string>): Promise<{ code: number; out: string; err: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(root, 'server/start.mjs'), `--${tool}`, ...args], {
      cwd: root,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    child.stderr.on('data', (chunk) => (err += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, out, err }));
  });
}

/**
 * The real server (node dist/server/main.js), as `npm start` runs it after building, on a
 * port the system picks, with no demo data unless asked.
 */
export function startServerProcess(env: Record<string, string>, timeoutMs = 20_000): Promise<ServerProcess> {
  const child = spawn(process.execPath, [join(root, 'dist/server/main.js')], {
    cwd: root,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', MINGA_SEED: 'none', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<number | string>((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal ?? -1)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the server did not listen in time:\n${output}`));
    }, timeoutMs);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve({ child, url: match[1]!, output: () => output, exited });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`the server exited (${code}) before listening:\n${output}`));
    });
  });
}

/**
 * A community, a forum and a thread, and a bearer token to post with: as a new account (the
 * first one of an empty instance is its admin) or as an existing admin.
 */
export async function setUpThread(url: string, name: string, admin?: { username: string; password: string }) {
  const json = async (response: Response) => {
    if (!response.ok) throw new Error(`${response.url}: ${response.status} ${await response.text()}`);
    return response.json();
  };
  const session = admin
    ? await fetch(`${url}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: url },
        body: JSON.stringify(admin),
      })
    : await fetch(`${url}/api/auth/register`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: url },
        body: JSON.stringify({ username: name, email: `${name}@example.org`, password: 'tejido-andino-2026', displayName: 'Operaciones' }),
      });
  await json(session.clone());
  const cookie = session.headers.getSetCookie().find((c) => c.startsWith('minga_session='))!.split(';')[0]!;
  const { token } = await json(
    await fetch(`${url}/api/me/tokens`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: url, cookie },
      body: JSON.stringify({ name: 'operations test' }),
    }),
  );
  const bearer = { 'content-type': 'application/json', authorization: `Bearer ${token}` };
  await json(
    await fetch(`${url}/api/communities`, {
      method: 'POST',
      headers: bearer,
      body: JSON.stringify({ slug: name.replace(/_/g, '-'), name: 'Operaciones', description: 'Pruebas', visibility: 'public', joinPolicy: 'open' }),
    }),
  );
  const { forum } = await json(
    await fetch(`${url}/api/communities/${name.replace(/_/g, '-')}/forums`, {
      method: 'POST',
      headers: bearer,
      body: JSON.stringify({ slug: 'general', name: 'General', description: 'Pruebas' }),
    }),
  );
  const { thread } = await json(
    await fetch(`${url}/api/forums/${forum.id}/threads`, {
      method: 'POST',
      headers: bearer,
      body: JSON.stringify({ title: 'Un hilo que no pierde nada', body: 'Primer mensaje', kind: 'discussion' }),
    }),
  );
  return { token: token as string, cookie, bearer, threadId: thread.id as number, forumId: forum.id as number };
}
