import type { Agreement } from '../../../shared/schemas/agreements.ts';
import { AppError } from '../../lib/errors.ts';
import type { Actor } from '../auth/actor.ts';
import type { Download, FilesService, IncomingFile } from '../knowledge/files.ts';
import type { AgreementsContext } from './service.ts';

/** An agreement's documents: PDFs in the shared files store, attached here. */
export function createAgreementDocuments(ctx: AgreementsContext, files: FilesService) {
  const { repo, bus } = ctx;

  return {
    maxBytes: files.maxBytes,

    /** The upload is opened only after the checks, so a refused request never writes to disk. */
    async add(actor: Actor | null, id: number, openUpload: () => Promise<IncomingFile | undefined>): Promise<Agreement> {
      const { actor: by } = await ctx.editable(actor, id);
      const stored = await files.store(by.id, openUpload, ['pdf']);
      await repo.addDocument(id, stored.id, by.id);
      await bus.publish('agreement.updated', { agreementId: id, actorId: by.id });
      return ctx.detail(by, await ctx.readable(by, id));
    },

    async remove(actor: Actor | null, id: number, fileId: number): Promise<Agreement> {
      const { actor: by } = await ctx.editable(actor, id);
      if (!(await repo.removeDocument(id, fileId))) throw new AppError('AGREEMENT_DOCUMENT_NOT_FOUND');
      await bus.publish('agreement.updated', { agreementId: id, actorId: by.id });
      return ctx.detail(by, await ctx.readable(by, id));
    },

    /** A document of an agreement this person may read. */
    async open(actor: Actor | null, id: number, fileId: number): Promise<Download> {
      await ctx.readable(actor, id);
      if (!(await repo.hasDocument(id, fileId))) throw new AppError('AGREEMENT_DOCUMENT_NOT_FOUND');
      return files.openStored(fileId);
    },
  };
}

export type AgreementDocuments = ReturnType<typeof createAgreementDocuments>;
