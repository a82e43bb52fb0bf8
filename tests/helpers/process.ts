import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { projectRoot } from '../../server/lib/paths.ts';

const root = projectRoot();

/**
 * Brings dist/server up to date as `npm start` would (server/start.mjs --build-server: tsc when
 * a source is newer; start.mjs lets one build run at a time, so test files may call it together).
 */
export async function ensureServerBuilt(): Promise<void> {
  const result = await new Promise<{ code: number | null; output: string }>((resolve, reject) => {
    const child = spawn(process.execPath, [join(root, 'server/start.mjs'), '--build-server'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
  if (result.code !== 0) throw new Error(`server build failed:\n${result.output}`);
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

/** A port nobody listens on right now (the system's pick, released for the server to take). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

/**
 * The real server (node dist/server/main.js), as `npm start` runs it after building, on a
 * free loopback port, with no demo data unless asked; ready once /api/health answers 200.
 * In the PostgreSQL run, MINGA_DB names the process's PostgreSQL database (tests/helpers/site-database.ts).
 */
export async function startServerProcess(asked: Record<string, string>, timeoutMs = 20_000): Promise<ServerProcess> {
  const env = await (await import('./site-database.ts')).siteProcessEnv(asked);
  const port = env.PORT ?? String(await freePort());
  // A loopback address of its own (HOST=127.0.0.2 …): several hosts on one machine.
  const host = env.HOST ?? '127.0.0.1';
  const url = `http://${host}:${port}`;
  const child = spawn(process.execPath, [join(root, 'dist/server/main.js')], {
    cwd: root,
    env: { ...process.env, MINGA_SEED: 'none', LOG_LEVEL: 'info', ...env, HOST: host, PORT: port },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-256 * 1024);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  let exitCode: number | string | undefined;
  const exited = new Promise<number | string>((resolve) =>
    child.once('exit', (code, signal) => {
      exitCode = code ?? signal ?? -1;
      resolve(exitCode);
    }),
  );
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (exitCode !== undefined) throw new Error(`the server exited (${exitCode}) before listening:\n${output}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`the server did not answer in time:\n${output}`);
    }
    try {
      if ((await fetch(`${url}/api/health`)).status === 200) break;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { child, url, output: () => output, exited };
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
      body: JSON.stringify({ name: 'operations test', scope: 'read+write' }),
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
