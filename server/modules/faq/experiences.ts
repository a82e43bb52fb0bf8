import { AppError } from '../../lib/errors.ts';
import { KNOWLEDGE_FIELDS } from '../../../shared/knowledge-fields.ts';
import type { ExperienceDraftEdit, ExperienceProposal, ExperienceProposalItem, ExperienceProposalList, ExperienceProposalsQuery } from '../../../shared/schemas/faq.ts';
import type { ExperienceProposalRow, PostRow } from '../../../db/schema/index.ts';
import type { Actor } from '../auth/actor.ts';
import type { KnowledgeEditing } from '../knowledge/editing.ts';
import type { Vocabulary } from '../knowledge/vocabulary.ts';
import type { LinksService } from '../links/service.ts';
import { requireEditor, type SolvedThreads } from './place.ts';
import type { FaqRepository } from './repository.ts';

const TEXT_MAX = 5000;
const clip = (text: string) => (text.length > TEXT_MAX ? `${text.slice(0, TEXT_MAX - 1).trimEnd()}…` : text);
const plain = (post: PostRow) => clip((post.bodyText ?? post.body).trim());

function toProposal(row: ExperienceProposalRow, threadTitle: string): ExperienceProposal {
  return {
    id: row.id,
    threadId: row.threadId,
    threadUrl: `/t/${row.threadId}#post-${row.postId}`,
    threadTitle,
    draft: row.draft,
    status: row.status,
    experienceId: row.experienceId,
    createdAt: row.createdAt.toISOString(),
  };
}

/**
 * Solved threads proposed as experience records: prefilled from the thread, edited by editors,
 * then published as a normal record through the knowledge editing service (revisions, search,
 * OAI, feeds), which links back to the thread through the links area.
 */
export function createExperienceProposals(deps: {
  repo: FaqRepository;
  solved: SolvedThreads;
  editing: KnowledgeEditing;
  links: Pick<LinksService, 'recordSource'>;
  vocabulary: Vocabulary;
  /** Country and institution of a member, for the draft. */
  placeOf: (userId: number) => Promise<{ countryCode: string | null; institutionId: number | null } | undefined>;
}) {
  const { repo, solved, editing, links, vocabulary } = deps;

  async function found(editor: Actor, id: number) {
    const row = await repo.readableExperienceProposal(editor.id, id);
    if (!row) throw new AppError('PROPOSAL_NOT_FOUND');
    return row.p;
  }

  async function out(id: number): Promise<ExperienceProposalItem> {
    const row = (await repo.experienceProposal(id))!;
    return { item: toProposal(row, await solved.titleOf(row.threadId)) };
  }

  /** The codes of `scheme` among these (the vocabulary's lookups may be asynchronous). */
  async function inScheme(scheme: 'theme' | 'sector', codes: string[]): Promise<string[]> {
    const known: string[] = [];
    for (const code of codes) if (await vocabulary.has(scheme, code)) known.push(code);
    return known;
  }

  return {
    async propose(actor: Actor | null, threadId: number): Promise<ExperienceProposalItem> {
      const { actor: proposer, thread, question, accepted } = await solved.solvedFor(actor, threadId);
      if (await repo.experienceProposalOfThread(threadId)) throw new AppError('EXPERIENCE_ALREADY_PROPOSED', { field: 'threadId' });
      const place = (await deps.placeOf(accepted.authorId)) ?? (await deps.placeOf(thread.authorId));
      const themes = await inScheme('theme', thread.expertise ?? []);
      const sectors = await inScheme('sector', thread.expertise ?? []);
      const draft: Record<string, unknown> = {
        title: thread.title,
        summary: plain(question),
        results: plain(accepted),
        languages: [thread.language ?? 'es'],
        ...(themes[0] ? { theme: themes[0] } : {}),
        ...(sectors[0] ? { sector: sectors[0] } : {}),
        ...(place?.countryCode ? { countryCode: place.countryCode } : {}),
        ...(place?.institutionId ? { institutionId: place.institutionId } : {}),
      };
      const row = await repo.insertExperienceProposal({ threadId, postId: accepted.id, draft, status: 'proposed', proposerId: proposer.id });
      // Proposed by someone else meanwhile: the unique thread refuses the second.
      if (!row) throw new AppError('EXPERIENCE_ALREADY_PROPOSED', { field: 'threadId' });
      return out(row.id);
    },

    /** An editor changes the prefilled fields (each must be an experience's; values are checked on publishing). */
    async edit(actor: Actor | null, id: number, patch: ExperienceDraftEdit): Promise<ExperienceProposalItem> {
      const editor = requireEditor(actor);
      const row = await found(editor, id);
      if (row.status !== 'proposed') throw new AppError('PROPOSAL_DECIDED');
      for (const name of Object.keys(patch)) {
        if (!KNOWLEDGE_FIELDS.experiences.some((f) => f.name === name)) throw new AppError('UNKNOWN_FIELD', { field: name, params: { field: name } });
      }
      const draft = Object.fromEntries(Object.entries({ ...row.draft, ...patch }).filter(([, value]) => value !== null && value !== ''));
      if (!(await repo.updateProposedExperience(id, { draft, reviewerId: editor.id }))) throw new AppError('PROPOSAL_DECIDED');
      return out(id);
    },

    /** Publishes the draft as an experience record (the editing service checks every field) linked back to the thread. */
    async publish(actor: Actor | null, id: number): Promise<ExperienceProposalItem> {
      const editor = requireEditor(actor);
      const row = await found(editor, id);
      if (row.status !== 'proposed') throw new AppError('PROPOSAL_DECIDED');
      // One transaction, opened by the guarded claim: of two editors publishing at once, one
      // creates the record; a refused record leaves the proposal as it was.
      await repo.transaction(async () => {
        if (!(await repo.updateProposedExperience(id, { status: 'published', reviewerId: editor.id }))) throw new AppError('PROPOSAL_DECIDED');
        const experienceId = await editing.create(editor, 'experiences', row.draft);
        await links.recordSource('experience', experienceId, row.postId);
        await repo.updateExperienceProposal(id, { experienceId });
      });
      return out(id);
    },

    async reject(actor: Actor | null, id: number): Promise<ExperienceProposalItem> {
      const editor = requireEditor(actor);
      const row = await found(editor, id);
      if (row.status !== 'proposed') throw new AppError('PROPOSAL_DECIDED');
      if (!(await repo.updateProposedExperience(id, { status: 'rejected', reviewerId: editor.id }))) throw new AppError('PROPOSAL_DECIDED');
      return out(id);
    },

    async queue(actor: Actor | null, query: ExperienceProposalsQuery): Promise<ExperienceProposalList> {
      const editor = requireEditor(actor);
      return { items: (await repo.experienceProposals(editor.id, query.status ?? 'proposed')).map((r) => toProposal(r.p, r.threadTitle)) };
    },

    ofThread: (threadId: number) => repo.experienceProposalOfThread(threadId),
  };
}

export type ExperienceProposals = ReturnType<typeof createExperienceProposals>;
