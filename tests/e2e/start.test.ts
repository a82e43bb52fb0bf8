/**
 * `npm start` as a new user runs it: builds what is stale, creates the database, loads the
 * demo data with progress, prints the generated demo password once, serves the app, and
 * shuts down cleanly on SIGTERM.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../server/lib/paths.ts';

const dir = mkdtempSync(join(tmpdir(), 'minga-start-'));
const children: ChildProcess[] = [];

afterAll(() => {
  children.forEach((c) => c.kill('SIGKILL'));
  rmSync(dir, { recursive: true, force: true });
});

interface Started {
  child: ChildProcess;
  url: string;
  output: () => string;
}

function start(env: Record<string, string>): Promise<Started> {
  const { MINGA_DEMO_PASSWORD: _ignored, ...inherited } = process.env;
  const child = spawn(process.execPath, [join(projectRoot(), 'server/start.mjs')], {
    cwd: projectRoot(),
    env: { ...inherited, PORT: '0', HOST: '127.0.0.1', MINGA_DB: join(dir, 'minga.db'), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no listening line in time:\n${output}`)), 170_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve({ child, url: match[1]!, output: () => output });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('exit', (code) => reject(new Error(`exited with ${code}:\n${output}`)));
  });
}

function stop(started: Started): Promise<number | null> {
  return new Promise((resolve) => {
    started.child.removeAllListeners('exit');
    started.child.on('exit', (code) => resolve(code));
    started.child.kill('SIGTERM');
  });
}

describe('npm start', () => {
  it('seeds a new database with the demo data, prints the generated password once, serves and stops cleanly', async () => {
    const first = await start({});
    const password = /shown only now: (\S+)/.exec(first.output())?.[1];
    expect(password).toMatch(/^[A-Za-z0-9_-]{16}$/);
    expect(first.output()).toContain('[seed] countries');
    expect(first.output()).toContain('[seed] forums: done');

    const health = await (await fetch(`${first.url}/api/health`)).json();
    expect(health).toMatchObject({ status: 'ok', db: 'ok' });
    const page = await fetch(`${first.url}/c/formacion-dual`);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    const login = await fetch(`${first.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: first.url },
      body: JSON.stringify({ username: 'admin', password }),
    });
    expect(login.status).toBe(200);
    expect((await login.json()).user.role).toBe('admin');
    const communities = await (await fetch(`${first.url}/api/communities?limit=50`)).json();
    expect(communities.items.length).toBeGreaterThanOrEqual(8);

    expect(await stop(first)).toBe(0);

    const second = await start({});
    expect(second.output()).not.toContain('shown only now');
    expect(second.output()).not.toContain('[seed]');
    expect(await stop(second)).toBe(0);
  }, 200_000);
});
