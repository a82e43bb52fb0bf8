import { readFile } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { fileTypeFromFile } from 'file-type';
import type { Db } from '../../../db/client.ts';
import type { FileRow } from '../../../db/schema/index.ts';
import type { Resource } from '../../../shared/schemas/knowledge.ts';
import { AppError } from '../../lib/errors.ts';
import type { BlobStore } from '../../storage/index.ts';
import type { Actor } from '../auth/actor.ts';
import { createFilesRepository, type FilesRepository } from './files-repository.ts';
import { canEditKnowledge } from './policy.ts';
import { createUploadStore, uploadFailure, type Received } from './upload-store.ts';

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

function requireEditor(actor: Actor | null): Actor {
  if (!actor) throw new AppError('UNAUTHENTICATED');
  if (!canEditKnowledge(actor)) throw new AppError('FORBIDDEN');
  return actor;
}

export interface Download {
  stream: Readable;
  mime: string;
  size: number;
  name: string;
  sha256: string;
}

/** Files attached to resources: upload (type checked from the bytes), download, detach. */
export function createFilesService(deps: { db: Db; files: BlobStore; maxBytes?: number; repo?: FilesRepository }) {
  const repo = deps.repo ?? createFilesRepository(deps.db);
  const maxBytes = deps.maxBytes ?? MAX_FILE_BYTES;
  const store = createUploadStore(deps.files, maxBytes);

  async function download(row: FileRow | undefined): Promise<Download> {
    const stored = row ? await store.open(row.sha256) : null;
    if (!row || !stored) throw new AppError('NOT_FOUND');
    return { stream: stored.stream, mime: row.mime, size: stored.size, name: row.originalName, sha256: row.sha256 };
  }

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
      return download(await repo.findById(fileId));
    },

    /** Takes the file off a resource; the bytes stay, shared with any other resource using them. */
    async detach(actor: Actor | null, resourceId: number): Promise<void> {
      requireEditor(actor);
      if (!(await repo.resourceExists(resourceId))) throw new AppError('NOT_FOUND');
      await repo.detach(resourceId);
    },

    /** A file attached to some resource (resources are public); anything else is not found. */
    async open(fileId: number): Promise<Download> {
      return download(await repo.findAttached(fileId));
    },
  };
}

export type FilesService = ReturnType<typeof createFilesService>;
