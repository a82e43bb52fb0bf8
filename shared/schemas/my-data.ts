import { Type, type Static } from 'typebox';
import { Nullable } from './common.ts';

export const EXPORT_STATUSES = ['queued', 'running', 'ready', 'failed', 'expired'] as const;
export type ExportStatus = (typeof EXPORT_STATUSES)[number];

/** One export of the member's own data, as its owner sees it. `url` only while it is ready. */
export const DataExport = Type.Object({
  id: Type.Integer(),
  status: Type.Enum(EXPORT_STATUSES),
  /** 0..1 */
  progress: Type.Number(),
  createdAt: Type.String(),
  /** The download link (with its token), while the export is ready. */
  url: Type.Optional(Type.String()),
  /** When the file and its link stop working. */
  expiresAt: Type.Optional(Type.String()),
  /** The ZIP's size in bytes, once ready. */
  size: Type.Optional(Nullable(Type.Integer())),
});
export type DataExport = Static<typeof DataExport>;

export const ExportCreated = Type.Object({ id: Type.Integer() });

export const ExportList = Type.Object({ items: Type.Array(DataExport) });
export type ExportList = Static<typeof ExportList>;

export const ExportDownloadQuery = Type.Object({ token: Type.String({ minLength: 1, maxLength: 200 }) }, { additionalProperties: false });

/** Pushed to the member's own sockets while an export is prepared (`export:progress`). */
export interface ExportProgress {
  id: number;
  status: ExportStatus;
  progress: number;
}
