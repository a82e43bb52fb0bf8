import { createHash } from 'node:crypto';
import { readFileSync, readlinkSync } from 'node:fs';
import { hostname } from 'node:os';

/**
 * The name of where this process's pid means something: the host name, and (on Linux) a short
 * hash of the kernel's boot id and of the pid namespace. Two processes with the same marker can
 * look each other up by pid (`process.kill(pid, 0)`); the host name alone is not enough: two
 * machines may share a name, and containers sharing the host's name (host networking) each have
 * their own pids, where a pid free here may be a live process there.
 */
let cached: string | undefined;

export function processHost(): string {
  if (cached !== undefined) return cached;
  const parts: string[] = [];
  try {
    parts.push(readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim(), readlinkSync('/proc/self/ns/pid'));
  } catch {
    // Not Linux: the host name alone, as before.
  }
  const mark = parts.length === 2 ? `~${createHash('sha256').update(parts.join('|')).digest('hex').slice(0, 10)}` : '';
  cached = `${hostname().replaceAll(':', '_')}${mark}`;
  return cached;
}
