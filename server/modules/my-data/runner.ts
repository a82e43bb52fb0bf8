import { randomBytes } from 'node:crypto';
import { mkdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Locale } from '../../../shared/i18n/index.ts';
import type { DataExportRow } from '../../../db/schema/index.ts';
import type { EventBus } from '../../lib/event-bus.ts';
import { createTicker } from '../../lib/ticker.ts';
import type { Outbox } from '../mail/outbox.ts';
import { writeExport, type ExportSources } from './contents.ts';
import type { DataExportsRepository } from './repository.ts';
import { ZipFileWriter } from './zip.ts';

/** A ready export's file and link live this long. */
export const EXPORT_TTL_MS = 24 * 3_600_000;
/** How often expired files are looked for, and how many go per sweep (bounded work). */
const SWEEP_MS = 10 * 60_000;
const SWEEP_LIMIT = 100;
/** How often the process running the scheduled work looks for exports queued through another process. */
const QUEUE_POLL_MS = 5_000;
/** Progress is written and pushed at most every this much (0..1), plus at the end. */
const PROGRESS_STEP = 0.02;

export interface ExportRunnerDeps {
  repo: DataExportsRepository;
  sources: ExportSources;
  bus: EventBus;
  outbox: Pick<Outbox, 'enqueue'>;
  /** Folder of the ZIPs (under the data folder). */
  dir: string;
  /** The download link of an export (absolute). */
  downloadUrl(row: Pick<DataExportRow, 'id' | 'token'>): string;
  publicUrl: string;
  now?: () => Date;
  onError?: (error: unknown, exportId?: number) => void;
  /** Tests look for queued exports more often than every 5 s. */
  queuePollMs?: number;
}

/**
 * The export queue: one export at a time, in the process, in order of asking. Each job reads
 * a page of rows, writes it into the ZIP (on disk, streamed) and yields to the event loop
 * before the next page, so readers stay served. With several processes only the one holding
 * the scheduler lease runs exports (`start(fence)`; the others' `kick` does nothing and the
 * holder finds their exports by polling); an export the previous holder left running (it died
 * or lost the lease, which stops its writing at the next page) is queued again when the lease
 * is taken and written afresh, so none is lost and none written twice.
 */
export function createExportRunner(deps: ExportRunnerDeps) {
  const { repo, bus, dir } = deps;
  const now = deps.now ?? (() => new Date());
  const onError = deps.onError ?? (() => {});
  let working: Promise<void> | null = null;
  let stopping = true;
  let mayRun: () => boolean = () => true;

  const publish = (row: Pick<DataExportRow, 'id' | 'userId'>, status: DataExportRow['status'], progress: number) =>
    bus.publish('data.export.changed', { userId: row.userId, exportId: row.id, status, progress });

  async function runOne(row: DataExportRow): Promise<void> {
    const user = await deps.sources.users.findById(row.userId);
    if (!user) {
      await repo.failed(row.id, now());
      return;
    }
    // A name of its own per attempt: a former holder of the lease, stalled and then stopping,
    // removes its own partial file, never the one its successor is writing.
    const fileName = `export-${row.id}-${row.token.slice(0, 8)}-${randomBytes(3).toString('hex')}.zip`;
    const path = join(dir, fileName);
    if (!(await repo.claim(row.id, fileName))) return;
    await publish(row, 'running', 0);
    await mkdir(dir, { recursive: true });
    const zip = new ZipFileWriter(path);
    let shown = 0;
    try {
      await writeExport(zip, deps.sources, {
        userId: row.userId,
        locale: (user.locale ?? 'es') as Locale,
        publicUrl: deps.publicUrl,
        onProgress: async (progress) => {
          if (stopping || !mayRun()) throw new Error('the server is stopping or no longer runs the scheduled work');
          if (progress - shown < PROGRESS_STEP) return;
          shown = progress;
          await repo.progress(row.id, progress);
          await publish(row, 'running', progress);
        },
      });
      await zip.close();
      const size = (await stat(path)).size;
      if (!mayRun()) throw new Error('no longer runs the scheduled work');
      const at = now();
      if (!(await repo.ready(row.id, size, at, new Date(at.getTime() + EXPORT_TTL_MS)))) {
        // Erased meanwhile (or given up): nothing is kept.
        await rm(path, { force: true });
        return;
      }
      await publish(row, 'ready', 1);
      await deps.outbox.enqueue({
        kind: 'my_data_export',
        to: user.email,
        userId: user.id,
        locale: (user.locale ?? 'es') as Locale,
        params: { displayName: user.displayName, downloadUrl: deps.downloadUrl(row) },
        eventKey: `data-export:${row.id}`,
      });
    } catch (error) {
      zip.abort();
      await rm(path, { force: true });
      if (stopping || !mayRun()) return; // left 'running': queued again by the next holder of the lease
      await repo.failed(row.id, now());
      await publish(row, 'failed', shown);
      onError(error, row.id);
    }
  }

  async function drain(): Promise<void> {
    for (let row = await repo.nextQueued(); row && !stopping && mayRun(); row = await repo.nextQueued()) await runOne(row);
  }

  /** Starts the queue if it is idle; resolves when it is empty again. */
  function kick(): Promise<void> {
    if (!working && !stopping && mayRun()) {
      working = drain()
        .catch((error) => onError(error))
        .finally(() => {
          working = null;
        });
    }
    return working ?? Promise.resolve();
  }

  /** Deletes the files of exports whose 24 hours are over (a bounded batch per call). */
  async function sweep(at: Date = now()): Promise<number> {
    const expired = await repo.expiredBy(at, SWEEP_LIMIT);
    for (const row of expired) if (row.fileName) await rm(join(dir, row.fileName), { force: true });
    await repo.markExpired(expired.map((row) => row.id));
    for (const row of expired) await publish(row, 'expired', 1);
    return expired.length;
  }

  /** The member was erased: their files go, then their rows. */
  async function eraseFor(userId: number): Promise<void> {
    const files = await repo.filesOf(userId);
    await repo.deleteFor(userId);
    for (const name of files) await rm(join(dir, name), { force: true });
  }

  const sweeper = createTicker((at) => sweep(at), SWEEP_MS, (error) => onError(error));
  const queuePoll = createTicker(() => kick(), deps.queuePollMs ?? QUEUE_POLL_MS, (error) => onError(error));

  return {
    kick,
    sweep,
    eraseFor,
    /**
     * When this process takes the scheduled work (`fence`: the scheduler lease): exports a
     * stopped process left running go back to the queue, which starts.
     */
    async start(fence?: () => boolean): Promise<void> {
      stopping = false;
      mayRun = fence ?? (() => true);
      await repo.requeueRunning();
      sweeper.start(mayRun);
      queuePoll.start(mayRun);
      void sweep().catch((error) => onError(error));
      void kick();
    },
    async stop(): Promise<void> {
      stopping = true;
      sweeper.stop();
      queuePoll.stop();
      await working;
    },
    /** Tests wait for the queue to be empty. */
    idle(): Promise<void> {
      return working ?? Promise.resolve();
    },
    pathOf: (fileName: string) => join(dir, fileName),
  };
}

export type ExportRunner = ReturnType<typeof createExportRunner>;
