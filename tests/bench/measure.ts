import { performance } from 'node:perf_hooks';

export const FULL = process.env.MINGA_BENCH === 'full';

export function sizes<T>(choice: { tiny: T; full: T }): T {
  return FULL ? choice.full : choice.tiny;
}

export interface Measured {
  name: string;
  count: number;
  perSecond: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
}

/** Runs `fn` `count` times in sequence and keeps every latency. Prints progress on long runs. */
export async function measure(name: string, count: number, fn: (i: number) => Promise<void>): Promise<Measured> {
  const latencies: number[] = [];
  const started = performance.now();
  const step = Math.max(1, Math.floor(count / 4));
  for (let i = 0; i < count; i += 1) {
    const t0 = performance.now();
    await fn(i);
    latencies.push(performance.now() - t0);
    if (FULL && (i + 1) % step === 0) process.stdout.write(`  ${name}: ${i + 1}/${count}\n`);
  }
  const elapsed = performance.now() - started;
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0;
  return { name, count, perSecond: (count / elapsed) * 1000, p50Ms: at(0.5), p95Ms: at(0.95), p99Ms: at(0.99) };
}

export function report(title: string, results: Measured[]): void {
  const lines = results.map(
    (r) =>
      `  ${r.name.padEnd(48)} n=${String(r.count).padStart(5)}  ${r.perSecond.toFixed(0).padStart(6)}/s  ` +
      `p50 ${r.p50Ms.toFixed(2)} ms  p95 ${r.p95Ms.toFixed(2)} ms  p99 ${r.p99Ms.toFixed(2)} ms`,
  );
  process.stdout.write(`\n[bench] ${title} (${FULL ? 'full' : 'tiny smoke'} size)\n${lines.join('\n')}\n`);
}
