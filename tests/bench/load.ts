import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { projectRoot } from '../../server/lib/paths.ts';

export interface LoadResult {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  non2xx: number;
  errors: number;
  total: number;
}

/**
 * Runs autocannon in its own process, so the load generator does not share the server's
 * event loop, and reads its JSON summary.
 */
export async function load(options: {
  url: string;
  connections: number;
  durationS: number;
  warmupS?: number;
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
  /** Replace `[<id>]` in the body with a fresh id per request (autocannon -I): writes that are never alike. */
  idReplacement?: boolean;
}): Promise<LoadResult> {
  // Warm-up as a run of its own whose figures are dropped (autocannon's --warmup hangs
  // against this server at 50 connections).
  if (options.warmupS) await run({ ...options, durationS: options.warmupS });
  return run(options);
}

function run(options: {
  url: string;
  connections: number;
  durationS: number;
  warmupS?: number;
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
  idReplacement?: boolean;
}): Promise<LoadResult> {
  const args = [join(projectRoot(), 'node_modules/autocannon/autocannon.js'), '-j', '-c', String(options.connections), '-d', String(options.durationS)];
  if (options.method) args.push('-m', options.method);
  for (const [name, value] of Object.entries(options.headers ?? {})) args.push('-H', `${name}=${value}`);
  if (options.body !== undefined) args.push('-b', options.body);
  if (options.idReplacement) args.push('-I');
  args.push(options.url);

  return new Promise((resolve, reject) => {
    if (process.env.MINGA_BENCH_DEBUG) process.stdout.write(`autocannon ${args.slice(1).join(' ')}\n`);
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    child.stderr.on('data', (chunk) => (err += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`autocannon exited ${code}: ${err}`));
      const summary = JSON.parse(out.slice(out.indexOf('{')));
      resolve({
        requestsPerSecond: summary.requests.average,
        p50Ms: summary.latency.p50,
        p99Ms: summary.latency.p99,
        non2xx: summary.non2xx,
        errors: summary.errors,
        total: summary.requests.total,
      });
    });
  });
}

export function formatLoad(name: string, r: LoadResult): string {
  return `  ${name.padEnd(40)} ${r.requestsPerSecond.toFixed(0).padStart(7)} req/s  p50 ${r.p50Ms} ms  p99 ${r.p99Ms} ms  (${r.total} requests, non-2xx ${r.non2xx}, errors ${r.errors})`;
}
