import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import type { DataExportRow } from '../../../db/schema/index.ts';
import type { DataExport, ExportList } from '../../../shared/schemas/my-data.ts';
import { AppError } from '../../lib/errors.ts';
import type { EventBus } from '../../lib/event-bus.ts';
import type { Actor } from '../auth/actor.ts';
import type { DataExportsRepository } from './repository.ts';
import type { ExportRunner } from './runner.ts';

/** At most this many exports per member in 24 hours (each reads everything they ever wrote). */
export const EXPORTS_PER_DAY = 3;
const LISTED = 10;

export function downloadPath(row: Pick<DataExportRow, 'id' | 'token'>): string {
  return `/api/me/export/${row.id}/download?token=${encodeURIComponent(row.token)}`;
}

/** What the owner sees of an export: the link only while it is ready and not past its time. */
export function toDataExport(row: DataExportRow, now: Date): DataExport {
  const live = row.status === 'ready' && row.expiresAt !== null && row.expiresAt > now;
  const status = row.status === 'ready' && !live ? 'expired' : row.status;
  return {
    id: row.id,
    status,
    progress: row.progress,
    createdAt: row.createdAt.toISOString(),
    ...(live ? { url: downloadPath(row), expiresAt: row.expiresAt!.toISOString(), size: row.size } : {}),
  };
}

const sameSecret = (a: string, b: string) => a.length === b.length && a.length > 0 && timingSafeEqual(Buffer.from(a), Buffer.from(b));

/**
 * "My data": a member asks for an export of their own data from a signed-in browser (not an
 * API token: the ZIP holds their sessions and addresses), follows its progress, downloads it
 * with the link's token for 24 hours. Someone else's export is 404, like a missing one.
 */
export function createMyDataService(deps: { repo: DataExportsRepository; runner: Pick<ExportRunner, 'kick' | 'pathOf'>; bus: EventBus; now?: () => Date }) {
  const { repo, runner, bus } = deps;
  const now = deps.now ?? (() => new Date());

  function requireMember(actor: Actor | null): asserts actor is Actor {
    if (!actor) throw new AppError('UNAUTHENTICATED');
  }

  async function ownExport(actor: Actor, id: number): Promise<DataExportRow> {
    const row = await repo.find(id);
    if (!row || row.userId !== actor.id) throw new AppError('EXPORT_NOT_FOUND');
    return row;
  }

  return {
    async request(actor: Actor | null, sessionId: string | null): Promise<{ id: number }> {
      requireMember(actor);
      if (!sessionId) throw new AppError('SESSION_REQUIRED');
      const at = now();
      // Checked and written in one transaction: two requests at once cannot both pass the limits.
      const row = await repo.transaction(async () => {
        if (await repo.hasUnfinished(actor.id)) throw new AppError('EXPORT_IN_PROGRESS');
        if ((await repo.countSince(actor.id, new Date(at.getTime() - 24 * 3_600_000))) >= EXPORTS_PER_DAY) {
          throw new AppError('EXPORT_DAILY_LIMIT', { params: { max: EXPORTS_PER_DAY } });
        }
        return repo.insert(actor.id, randomBytes(32).toString('base64url'), at);
      });
      await bus.publish('data.export.changed', { userId: actor.id, exportId: row.id, status: 'queued', progress: 0 });
      void runner.kick();
      return { id: row.id };
    },

    /** From a signed-in browser only, like asking: the answer carries the link that opens the ZIP. */
    async status(actor: Actor | null, sessionId: string | null, id: number): Promise<DataExport> {
      requireMember(actor);
      if (!sessionId) throw new AppError('SESSION_REQUIRED');
      return toDataExport(await ownExport(actor, id), now());
    },

    async list(actor: Actor | null, sessionId: string | null): Promise<ExportList> {
      requireMember(actor);
      if (!sessionId) throw new AppError('SESSION_REQUIRED');
      const at = now();
      return { items: (await repo.recent(actor.id, LISTED)).map((row) => toDataExport(row, at)) };
    },

    /**
     * The ZIP behind a link: the token is what opens it (a download manager or a new tab may
     * carry no session); a signed-in member other than the owner gets 404 all the same.
     */
    async download(actor: Actor | null, id: number, token: string): Promise<{ stream: Readable; size: number; fileName: string }> {
      const row = await repo.find(id);
      if (!row || !sameSecret(row.token, token) || (actor && actor.id !== row.userId)) throw new AppError('EXPORT_NOT_FOUND');
      if (row.status === 'expired' || (row.status === 'ready' && (row.expiresAt === null || row.expiresAt <= now()))) throw new AppError('EXPORT_EXPIRED');
      if (row.status !== 'ready' || !row.fileName) throw new AppError('EXPORT_NOT_FOUND');
      const path = runner.pathOf(row.fileName);
      const size = await stat(path).then((found) => found.size, () => null);
      if (size === null) throw new AppError('EXPORT_NOT_FOUND');
      return { stream: createReadStream(path), size, fileName: `minga-data-${row.createdAt.toISOString().slice(0, 10)}.zip` };
    },
  };
}

export type MyDataService = ReturnType<typeof createMyDataService>;
