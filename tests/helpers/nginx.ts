import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './process.ts';

/**
 * A real nginx (Debian's /usr/sbin/nginx; `.ci/run` installs it) in front of Minga processes,
 * as the README's "Running several processes" configures it: WebSocket upgrade headers, and a
 * request that cannot reach one process (refused, timed out) tried on the next one. Everything
 * it writes stays in its own temporary directory; it listens on a free loopback port.
 */
export interface TestNginx {
  url: string;
  port: number;
  /** nginx's error log so far (why a request failed). */
  errors(): string;
  close(): Promise<void>;
}

const NGINX_BIN = ['/usr/sbin/nginx', '/usr/local/sbin/nginx'].find((path) => existsSync(path));

export function nginxAvailable(): boolean {
  return NGINX_BIN !== undefined;
}

function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ port, host: '127.0.0.1' });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** The configuration for these upstream addresses (`127.0.0.1:port`), listening on `port`. */
export function nginxConfig(dir: string, port: number, upstreams: string[]): string {
  const runningAsRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  return `${runningAsRoot ? 'user root;\n' : ''}daemon off;
master_process on;
worker_processes 1;
pid ${join(dir, 'nginx.pid')};
error_log ${join(dir, 'error.log')} warn;
events { worker_connections 512; }
http {
  access_log off;
  client_body_temp_path ${join(dir, 'client_body')};
  proxy_temp_path ${join(dir, 'proxy')};
  fastcgi_temp_path ${join(dir, 'fastcgi')};
  uwsgi_temp_path ${join(dir, 'uwsgi')};
  scgi_temp_path ${join(dir, 'scgi')};
  map $http_upgrade $connection_upgrade { default upgrade; '' close; }
  upstream minga {
${upstreams.map((address) => `    server ${address} max_fails=1 fail_timeout=5s;`).join('\n')}
  }
  server {
    listen 127.0.0.1:${port};
    location / {
      proxy_pass http://minga;
      proxy_http_version 1.1;
      proxy_set_header Upgrade $http_upgrade;
      proxy_set_header Connection $connection_upgrade;
      proxy_set_header Host $http_host;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_next_upstream error timeout;
      proxy_connect_timeout 2s;
      proxy_read_timeout 120s;
    }
  }
}
`;
}

/** Starts nginx in front of these Minga base URLs (`http://127.0.0.1:port`). */
export async function startNginx(backends: string[]): Promise<TestNginx> {
  if (!NGINX_BIN) throw new Error('nginx is not installed (apt-get install nginx; .ci/run does it)');
  const dir = mkdtempSync(join(tmpdir(), 'minga-nginx-'));
  const port = await freePort();
  const conf = join(dir, 'nginx.conf');
  writeFileSync(conf, nginxConfig(dir, port, backends.map((url) => new URL(url).host)));
  let output = '';
  const child: ChildProcess = spawn(NGINX_BIN, ['-p', dir, '-e', join(dir, 'error.log'), '-c', conf], { stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout!.on('data', (chunk) => (output = (output + chunk).slice(-8192)));
  child.stderr!.on('data', (chunk) => (output = (output + chunk).slice(-8192)));
  const errors = () => {
    try {
      return readFileSync(join(dir, 'error.log'), 'utf8');
    } catch {
      return output;
    }
  };
  const deadline = Date.now() + 10_000;
  while (!(await listening(port))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`nginx did not start on ${port}:\n${output}\n${errors()}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    errors,
    async close() {
      if (child.exitCode === null) {
        // SIGTERM: the master stops its workers and exits; SIGKILL if it does not in time.
        await new Promise<void>((resolve) => {
          const timer = setTimeout(() => child.kill('SIGKILL'), 3_000);
          child.once('exit', () => {
            clearTimeout(timer);
            resolve();
          });
          child.kill('SIGTERM');
        });
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
