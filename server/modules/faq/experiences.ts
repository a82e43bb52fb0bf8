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
  placeOf: (userId: number) => { countryCode: string | null; institutionId: number | null } | undefined;
}) {
  const { repo, solved, editing, links, vocabulary } = deps;

  function found(editor: Actor, id: number) {
    const row = repo.readableExperienceProposal(editor.id, id);
    if (!row) throw new AppError('PROPOSAL_NOT_FOUND');
    return row.p;
  }

  function out(id: number): ExperienceProposalItem {
    const row = repo.experienceProposal(id)!;
    return { item: toProposal(row, solved.titleOf(row.threadId)) };
  }

  return {
    propose(actor: Actor | null, threadId: number): ExperienceProposalItem {
      const { actor: proposer, thread, question, accepted } = solved.solvedFor(actor, threadId);
      if (repo.experienceProposalOfThread(threadId)) throw new AppError('EXPERIENCE_ALREADY_PROPOSED', { field: 'threadId' });
      const place = deps.placeOf(accepted.authorId) ?? deps.placeOf(thread.authorId);
      const themes = (thread.expertise ?? []).filter((code) => vocabulary.has('theme', code));
      const sectors = (thread.expertise ?? []).filter((code) => vocabulary.has('sector', code));
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
      const row = repo.insertExperienceProposal({ threadId, postId: accepted.id, draft, status: 'proposed', proposerId: proposer.id });
      return out(row.id);
    },

    /** An editor changes the prefilled fields (each must be an experience's; values are checked on publishing). */
    edit(actor: Actor | null, id: number, patch: ExperienceDraftEdit): ExperienceProposalItem {
      const editor = requireEditor(actor);
      const row = found(editor, id);
      if (row.status !== 'proposed') throw new AppError('PROPOSAL_DECIDED');
      for (const name of Object.keys(patch)) {
        if (!KNOWLEDGE_FIELDS.experiences.some((f) => f.name === name)) throw new AppError('UNKNOWN_FIELD', { field: name, params: { field: name } });
      }
      const draft = Object.fromEntries(Object.entries({ ...row.draft, ...patch }).filter(([, value]) => value !== null && value !== ''));
      repo.updateExperienceProposal(id, { draft, reviewerId: editor.id });
      return out(id);
    },

    /** Publishes the draft as an experience record (the editing service checks every field) linked back to the thread. */
    publish(actor: Actor | null, id: number): ExperienceProposalItem {
      const editor = requireEditor(actor);
      const row = found(editor, id);
      if (row.status !== 'proposed') throw new AppError('PROPOSAL_DECIDED');
      const experienceId = editing.create(editor, 'experiences', row.draft);
      links.recordSource('experience', experienceId, row.postId);
      repo.updateExperienceProposal(id, { status: 'published', experienceId, reviewerId: editor.id });
      return out(id);
    },

    reject(actor: Actor | null, id: number): ExperienceProposalItem {
      const editor = requireEditor(actor);
      const row = found(editor, id);
      if (row.status !== 'proposed') throw new AppError('PROPOSAL_DECIDED');
      repo.updateExperienceProposal(id, { status: 'rejected', reviewerId: editor.id });
      return out(id);
    },

    queue(actor: Actor | null, query: ExperienceProposalsQuery): ExperienceProposalList {
      const editor = requireEditor(actor);
      return { items: repo.experienceProposals(editor.id, query.status ?? 'proposed').map((r) => toProposal(r.p, r.threadTitle)) };
    },

    ofThread: (threadId: number) => repo.experienceProposalOfThread(threadId),
  };
}

export type ExperienceProposals = ReturnType<typeof createExperienceProposals>;
