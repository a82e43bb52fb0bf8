import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream, type ReadStream } from 'node:fs';
import { mkdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { fileTypeFromFile } from 'file-type';
import type { Db, OpenedDb } from '../../../db/client.ts';
import type { FileRow } from '../../../db/schema/index.ts';
import type { Resource } from '../../../shared/schemas/knowledge.ts';
import { AppError } from '../../lib/errors.ts';
import type { Actor } from '../auth/actor.ts';
import { createFilesRepository, type FilesRepository } from './files-repository.ts';
import { canEditKnowledge } from './policy.ts';

export const MAX_FILE_BYTES = 50 * 1024 * 1024;

/**
 * What may be attached to a resource, keyed by the type detected from the bytes: the
 * Content-Type served, and the extensions a file of that type may keep (the first is the default).
 */
const ALLOWED: Record<string, { mime: string; exts: string[] }> = {
  pdf: { mime: 'application/pdf', exts: ['pdf'] },
  docx: { mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', exts: ['docx'] },
  xlsx: { mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', exts: ['xlsx'] },
  pptx: { mime: 'application/vnd.openxmlformats-officedocument.presentationml.presentation', exts: ['pptx'] },
  odt: { mime: 'application/vnd.oasis.opendocument.text', exts: ['odt'] },
  ods: { mime: 'application/vnd.oasis.opendocument.spreadsheet', exts: ['ods'] },
  odp: { mime: 'application/vnd.oasis.opendocument.presentation', exts: ['odp'] },
  doc: { mime: 'application/msword', exts: ['doc'] },
  xls: { mime: 'application/vnd.ms-excel', exts: ['xls'] },
  ppt: { mime: 'application/vnd.ms-powerpoint', exts: ['ppt'] },
  png: { mime: 'image/png', exts: ['png'] },
  jpg: { mime: 'image/jpeg', exts: ['jpg', 'jpeg'] },
  webp: { mime: 'image/webp', exts: ['webp'] },
  gif: { mime: 'image/gif', exts: ['gif'] },
};

/**
 * The old Office formats are all Compound File containers, like .msi installers: which
 * application's main stream the container holds (its name is stored in UTF-16) tells them apart.
 */
const CFB_STREAMS: [string, Buffer][] = [
  ['doc', Buffer.from('WordDocument', 'utf16le')],
  ['xls', Buffer.from('Workbook', 'utf16le')],
  ['ppt', Buffer.from('PowerPoint Document', 'utf16le')],
];

async function detectType(path: string): Promise<string | null> {
  const found = await fileTypeFromFile(path);
  if (!found) return null;
  if (found.ext === 'cfb') {
    const bytes = await readFile(path);
    return CFB_STREAMS.find(([, name]) => bytes.includes(name))?.[0] ?? null;
  }
  return Object.hasOwn(ALLOWED, found.ext) ? found.ext : null;
}

/**
 * A name safe to hand back in a download: no folders, no control or direction-changing
 * characters, nothing a file system refuses, and the extension of what the bytes really are.
 */
export function sanitizeFileName(name: string, type: string): string {
  const allowed = ALLOWED[type]?.exts ?? [type];
  const base = (name.normalize('NFC').split(/[\\/]/).pop() ?? '')
    .replace(/[\p{Cc}\p{Cf}"*:<>?|]/gu, '')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^[.\s]+/, '');
  const dot = base.lastIndexOf('.');
  const given = dot > 0 ? base.slice(dot + 1).toLowerCase() : '';
  const stem = [...(dot > 0 ? base.slice(0, dot) : base)].slice(0, 150).join('').replace(/[.\s]+$/, '') || 'file';
  return `${stem}.${allowed.includes(given) ? given : allowed[0]}`;
}

/** Where uploads live: beside the SQLite file; for an in-memory database, a fresh temporary folder. */
export function filesDirFor(dbFile: string): string {
  if (dbFile === ':memory:' || dbFile === '') return join(tmpdir(), `minga-files-${process.pid}-${randomUUID()}`);
  return join(dirname(resolve(dbFile)), 'files');
}

/**
 * The uploads folder of an open database: beside the SQLite file; on PostgreSQL (no file) beside
 * where the SQLite file would be (`MINGA_DB`, the same default as the config), so that a copied
 * installation finds its files where they were.
 */
export function filesDirOf(database: OpenedDb): string {
  if (database.engine === 'sqlite') return filesDirFor(database.sqlite.name);
  // On PostgreSQL there is no database file to put them beside: MINGA_FILES_DIR (the files store).
  return process.env.MINGA_FILES_DIR ? resolve(process.env.MINGA_FILES_DIR) : filesDirFor(':memory:');
}

export type FileRef = NonNullable<Resource['file']>;

const refOf = (row: Pick<FileRow, 'id' | 'originalName' | 'size' | 'mime'>): FileRef => ({
  url: `/api/files/${row.id}`,
  name: row.originalName,
  size: row.size,
  mime: row.mime,
});

/** The `file` of a resource's detail, or null when it has none. */
export async function fileRefFor(source: Db | FilesRepository, fileId: number | null): Promise<FileRef | null> {
  if (fileId === null) return null;
  const repo = 'findAttached' in source ? source : createFilesRepository(source);
  const row = await repo.ref(fileId);
  return row ? refOf(row) : null;
}

/** One part of an upload, as the multipart reader hands it over. */
export interface IncomingFile {
  fieldname: string;
  filename: string;
  file: Readable;
}

/** Bytes received into a temporary file, with their hash, not yet kept. */
interface Received {
  tempPath: string;
  sha256: string;
  size: number;
}

const tooLarge = (maxBytes: number) => new AppError('FILE_TOO_LARGE', { field: 'file', params: { max: Math.round(maxBytes / 1024 / 1024) } });

/**
 * An upload that fails while being read is the request's fault (a cut connection, a malformed
 * form: 4xx), unless the disk failed (errors from the file system name their system call: 5xx).
 */
function uploadFailure(error: unknown, maxBytes: number): unknown {
  if (error instanceof AppError) return error;
  const e = error as { code?: string; statusCode?: number; syscall?: string } | null;
  if (e?.code === 'FST_REQ_FILE_TOO_LARGE') return tooLarge(maxBytes);
  if (e?.syscall) return error;
  if (e?.statusCode && e.statusCode >= 400 && e.statusCode < 500) return error;
  return new AppError('VALIDATION_FAILED', { field: 'file' });
}

/** The files folder: temporary files beside their final place, so keeping one is a rename. */
function createFileStore(dir: string, maxBytes: number) {
  const pathOf = (sha256: string) => join(dir, sha256.slice(0, 2), sha256);

  return {
    pathOf,

    /** Streams the upload to disk while hashing it; on any failure nothing is left behind. */
    async receive(source: Readable): Promise<Received> {
      await mkdir(dir, { recursive: true });
      const tempPath = join(dir, `.upload-${randomUUID()}.tmp`);
      const hash = createHash('sha256');
      let size = 0;
      const meter = new Transform({
        transform(chunk: Buffer, _encoding, done) {
          size += chunk.length;
          if (size > maxBytes) return done(tooLarge(maxBytes));
          hash.update(chunk);
          done(null, chunk);
        },
      });
      const out = createWriteStream(tempPath, { flags: 'wx' });
      try {
        await pipeline(source, meter, out);
        // The multipart reader may stop at its limit without an error (when told not to throw).
        if ((source as Readable & { truncated?: boolean }).truncated) throw tooLarge(maxBytes);
      } catch (error) {
        // A failure can come before the file is even open: wait until it is closed, or the
        // removal would run first and the open would leave an empty file behind.
        if (!out.closed) await new Promise<void>((resolve) => out.once('close', () => resolve()));
        await rm(tempPath, { force: true });
        throw uploadFailure(error, maxBytes);
      }
      return { tempPath, sha256: hash.digest('hex'), size };
    },

    /** Moves received bytes to their place; identical bytes already there are simply replaced. */
    async keep(received: Received): Promise<void> {
      const target = pathOf(received.sha256);
      await mkdir(dirname(target), { recursive: true });
      await rename(received.tempPath, target);
    },

    discard: (received: Received) => rm(received.tempPath, { force: true }),

    async exists(sha256: string): Promise<boolean> {
      return stat(pathOf(sha256)).then(
        (s) => s.isFile(),
        () => false,
      );
    },
  };
}

function requireEditor(actor: Actor | null): Actor {
  if (!actor) throw new AppError('UNAUTHENTICATED');
  if (!canEditKnowledge(actor)) throw new AppError('FORBIDDEN');
  return actor;
}

export interface Download {
  stream: ReadStream;
  mime: string;
  size: number;
  name: string;
  sha256: string;
}

/** Files attached to resources: upload (type checked from the bytes), download, detach. */
export function createFilesService(deps: { db: Db; filesDir: string; maxBytes?: number; repo?: FilesRepository }) {
  const repo = deps.repo ?? createFilesRepository(deps.db);
  const maxBytes = deps.maxBytes ?? MAX_FILE_BYTES;
  const store = createFileStore(deps.filesDir, maxBytes);

  /** Keeps received bytes when they are of an accepted type, and says which; else drops them. */
  async function keepIfAllowed(received: Received): Promise<string> {
    try {
      const type = await detectType(received.tempPath);
      if (!type) throw new AppError('FILE_TYPE_NOT_ALLOWED', { field: 'file' });
      await store.keep(received);
      return type;
    } catch (error) {
      await store.discard(received);
      throw error;
    }
  }

  return {
    maxBytes,

    /** The `file` of a resource's detail, or null when it has none. */
    ref: (fileId: number | null): Promise<FileRef | null> => fileRefFor(repo, fileId),

    /**
     * Attaches an uploaded file to a resource. The upload is opened only after the checks, so
     * a refused request never writes to disk.
     */
    async attach(actor: Actor | null, resourceId: number, openUpload: () => Promise<IncomingFile | undefined>): Promise<FileRef> {
      const editor = requireEditor(actor);
      if (!(await repo.resourceExists(resourceId))) throw new AppError('NOT_FOUND');
      const upload = await openUpload().catch((error: unknown) => {
        throw uploadFailure(error, maxBytes);
      });
      if (!upload || upload.fieldname !== 'file') {
        upload?.file.resume();
        throw new AppError('FILE_MISSING', { field: 'file' });
      }

      const received = await store.receive(upload.file);
      const type = await keepIfAllowed(received);

      const row = await repo.attach(
        {
          sha256: received.sha256,
          mime: ALLOWED[type].mime,
          size: received.size,
          originalName: sanitizeFileName(upload.filename, type),
          createdBy: editor.id,
        },
        resourceId,
      );
      return refOf(row);
    },

    /**
     * Keeps an upload for another area (an agreement's documents), of one of the given types;
     * that area checked its rule before calling, and attaches the row it gets back.
     */
    async store(uploaderId: number, openUpload: () => Promise<IncomingFile | undefined>, types: string[]): Promise<FileRow & { ref: FileRef }> {
      const upload = await openUpload().catch((error: unknown) => {
        throw uploadFailure(error, maxBytes);
      });
      if (!upload || upload.fieldname !== 'file') {
        upload?.file.resume();
        throw new AppError('FILE_MISSING', { field: 'file' });
      }
      const received = await store.receive(upload.file);
      const type = await keepIfAllowed(received);
      if (!types.includes(type)) throw new AppError('FILE_TYPE_NOT_ALLOWED', { field: 'file' });
      const row = await repo.record({ sha256: received.sha256, mime: ALLOWED[type].mime, size: received.size, originalName: sanitizeFileName(upload.filename, type), createdBy: uploaderId });
      return { ...row, ref: refOf(row) };
    },

    /** A stored file by id, for an area that has checked the reader may have it. */
    async openStored(fileId: number): Promise<Download> {
      const row = await repo.findById(fileId);
      if (!row || !(await store.exists(row.sha256))) throw new AppError('NOT_FOUND');
      return { stream: createReadStream(store.pathOf(row.sha256)), mime: row.mime, size: row.size, name: row.originalName, sha256: row.sha256 };
    },

    /** Takes the file off a resource; the bytes stay, shared with any other resource using them. */
    async detach(actor: Actor | null, resourceId: number): Promise<void> {
      requireEditor(actor);
      if (!(await repo.resourceExists(resourceId))) throw new AppError('NOT_FOUND');
      await repo.detach(resourceId);
    },

    /** A file attached to some resource (resources are public); anything else is not found. */
    async open(fileId: number): Promise<Download> {
      const row = await repo.findAttached(fileId);
      if (!row || !(await store.exists(row.sha256))) throw new AppError('NOT_FOUND');
      return { stream: createReadStream(store.pathOf(row.sha256)), mime: row.mime, size: row.size, name: row.originalName, sha256: row.sha256 };
    },
  };
}

export type FilesService = ReturnType<typeof createFilesService>;
