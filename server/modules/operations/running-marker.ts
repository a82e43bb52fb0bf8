import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';

/**
 * A small file beside the database saying which process serves it, so that `npm run restore`
 * can refuse to pull the database from under a running server. A clean stop removes it; one
 * left by a killed process names a pid that is gone and counts for nothing.
 */
export const markerFileFor = (dbFile: string) => `${dbFile}.running`;

interface Marker {
  pid: number;
  host: string;
  startedAt: string;
}

export function holdRunningMarker(dbFile: string): void {
  const file = markerFileFor(dbFile);
  const marker: Marker = { pid: process.pid, host: hostname(), startedAt: new Date().toISOString() };
  writeFileSync(file, `${JSON.stringify(marker)}\n`);
  process.once('exit', () => {
    try {
      if ((JSON.parse(readFileSync(file, 'utf8')) as Marker).pid === process.pid) rmSync(file, { force: true });
    } catch {
      // already gone, or another server's now
    }
  });
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The live server process on this database, if any (on this machine; another host's is assumed live). */
export function runningServer(dbFile: string): (Marker & { file: string }) | null {
  const file = markerFileFor(dbFile);
  if (!existsSync(file)) return null;
  let marker: Marker;
  try {
    marker = JSON.parse(readFileSync(file, 'utf8')) as Marker;
  } catch {
    return null;
  }
  if (marker.host !== hostname()) return { ...marker, file };
  return alive(marker.pid) && marker.pid !== process.pid ? { ...marker, file } : null;
}
