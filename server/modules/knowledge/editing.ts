import { AppError } from '../../lib/errors.ts';
import type { EventBus } from '../../lib/event-bus.ts';
import { KNOWLEDGE_FIELDS } from '../../../shared/knowledge-fields.ts';
import type { Correction, KnowledgeInput } from '../../../shared/schemas/knowledge.ts';
import type { Actor } from '../auth/actor.ts';
import type { EditableKind, EditingRepository } from './editing-repository.ts';
import { cleanField, type FieldContext } from './fields.ts';
import { canEditKnowledge, canSeeWithdrawn } from './policy.ts';
import { readerOf, visibleRevisions } from './specialist-visibility.ts';
import { isWithdrawn } from './withdrawal.ts';
import type { Vocabulary } from './vocabulary.ts';

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
const iso = (date: Date) => date.toISOString();

export function createKnowledgeEditing(deps: {
  editing: EditingRepository;
  vocabulary: Vocabulary;
  bus: EventBus;
  /** Current titles of records, for the corrections list. */
  titles: (refs: { kind: string; id: number }[]) => Map<string, string> | Promise<Map<string, string>>;
}) {
  const { editing, vocabulary, bus } = deps;
  const ctx: FieldContext = {
    vocabularyHas: (scheme, code) => vocabulary.has(scheme, code),
    countryExists: (code) => editing.countryExists(code),
    institutionExists: (id) => editing.institutionExists(id),
    userIdOf: (username) => editing.userIdOf(username),
  };

  /** One account is at most one specialist. */
  async function checkAccount(kind: EditableKind, values: Record<string, unknown>, id?: number): Promise<void> {
    if (kind !== 'specialists' || typeof values.userId !== 'number') return;
    const other = await editing.specialistOfUser(values.userId);
    if (other !== undefined && other !== id) throw new AppError('ACCOUNT_LINKED', { field: 'userId' });
  }

  /** Checks every given field against the kind's list; a full record also needs the required ones. */
  async function clean(kind: EditableKind, input: KnowledgeInput, full: boolean): Promise<Record<string, unknown>> {
    const fields = KNOWLEDGE_FIELDS[kind];
    for (const name of Object.keys(input)) {
      if (!fields.some((f) => f.name === name)) throw new AppError('UNKNOWN_FIELD', { field: name, params: { field: name } });
    }
    const values: Record<string, unknown> = {};
    for (const field of fields) {
      if (input[field.name] === undefined) {
        if (full && field.required) throw new AppError('FIELD_REQUIRED', { field: field.name });
        if (full) values[field.name] = await cleanField(field, null, ctx);
        continue;
      }
      values[field.name] = await cleanField(field, input[field.name], ctx);
    }
    return values;
  }

  function requireEditor(actor: Actor | null): Actor {
    if (!actor) throw new AppError('UNAUTHENTICATED');
    if (!canEditKnowledge(actor)) throw new AppError('FORBIDDEN');
    return actor;
  }

  /** The record as this reader may see it: a withdrawn one is missing to all but editors. */
  async function readable(actor: Actor | null, kind: EditableKind, id: number): Promise<Record<string, unknown>> {
    const current = await editing.find(kind, id);
    if (!current || (isWithdrawn(current) && !canSeeWithdrawn(actor))) throw new AppError('NOT_FOUND');
    return current;
  }

  async function toCorrection(
    c: NonNullable<Awaited<ReturnType<EditingRepository['correction']>>>,
    author: Correction['author'],
    title?: string,
  ): Promise<Correction> {
    return {
      id: c.id,
      kind: c.kind,
      itemId: c.itemId,
      title: title ?? (await deps.titles([{ kind: c.kind, id: c.itemId }])).get(`${c.kind}:${c.itemId}`) ?? '',
      field: c.field,
      note: c.note,
      status: c.status,
      author,
      createdAt: iso(c.createdAt),
      url: `/knowledge/${c.kind}/${c.itemId}`,
    };
  }

  return {
    async create(actor: Actor | null, kind: EditableKind, input: KnowledgeInput): Promise<number> {
      const editor = requireEditor(actor);
      const values = await clean(kind, input, true);
      // The account check and the insert together: two records cannot link one account at once.
      const id = await editing.atomically(async () => {
        await checkAccount(kind, values);
        const changes = Object.fromEntries(Object.entries(values).map(([k, v]) => [k, { before: null, after: v }]));
        return editing.create(kind, values, editor.id, changes);
      });
      await bus.publish('knowledge.updated', { kind, id, created: true });
      return id;
    },

    /** Keeps what changed, and who changed it, as a revision. */
    async update(actor: Actor | null, kind: EditableKind, id: number, patch: KnowledgeInput): Promise<void> {
      const editor = requireEditor(actor);
      if (!(await editing.find(kind, id))) throw new AppError('NOT_FOUND');
      const values = await clean(kind, patch, false);
      // The revision's "before" is read in the transaction that writes: a concurrent edit is never lost from the history.
      const wrote = await editing.atomically(async () => {
        const current = await editing.find(kind, id);
        if (!current) throw new AppError('NOT_FOUND');
        await checkAccount(kind, values, id);
        const changes: Record<string, { before: unknown; after: unknown }> = {};
        for (const [key, after] of Object.entries(values)) {
          if (!same(current[key], after)) changes[key] = { before: current[key] ?? null, after };
        }
        if (Object.keys(changes).length === 0) return false;
        const changed = Object.fromEntries(Object.keys(changes).map((k) => [k, values[k]]));
        await editing.update(kind, id, changed, editor.id, changes);
        return true;
      });
      if (wrote) await bus.publish('knowledge.updated', { kind, id });
    },

    /** The history of a record, each field shown only to whom its page shows it. */
    async revisions(actor: Actor | null, kind: EditableKind, id: number) {
      const current = await readable(actor, kind, id);
      const all = (await editing.revisions(kind, id)).map((r) => ({
        id: r.id,
        editor: r.editorId !== null ? { id: r.editorId, username: r.username!, displayName: r.displayName! } : null,
        createdAt: iso(r.createdAt),
        changes: r.changes,
      }));
      return visibleRevisions(kind, all, current, readerOf(actor));
    },

    async suggest(actor: Actor | null, kind: EditableKind, id: number, input: { note: string; field?: string | null }): Promise<Correction> {
      if (!actor) throw new AppError('UNAUTHENTICATED');
      await readable(actor, kind, id);
      const note = input.note.trim();
      if (note.length === 0) throw new AppError('FIELD_REQUIRED', { field: 'note' });
      const field = input.field ?? null;
      if (field !== null && !KNOWLEDGE_FIELDS[kind].some((f) => f.name === field)) throw new AppError('UNKNOWN_FIELD', { field: 'field', params: { field } });
      const row = await editing.addCorrection({ kind, itemId: id, userId: actor.id, field, note });
      return toCorrection(row, { username: actor.username, displayName: actor.displayName });
    },

    /**
     * Withdraws a record (a tombstone, see withdrawal.ts): gone from every public surface,
     * reported as deleted to harvesters, kept for the editors to restore.
     */
    async withdraw(actor: Actor | null, kind: EditableKind, id: number, reason: string): Promise<void> {
      const editor = requireEditor(actor);
      const why = reason.trim();
      await editing.atomically(async () => {
        const current = await editing.find(kind, id);
        if (!current) throw new AppError('NOT_FOUND');
        if (isWithdrawn(current)) throw new AppError('RECORD_WITHDRAWN');
        if (why.length === 0) throw new AppError('FIELD_REQUIRED', { field: 'reason' });
        await editing.withdraw(kind, id, editor.id, why);
      });
      await bus.publish('knowledge.updated', { kind, id, withdrawn: true });
    },

    async restore(actor: Actor | null, kind: EditableKind, id: number): Promise<void> {
      const editor = requireEditor(actor);
      await editing.atomically(async () => {
        const current = await editing.find(kind, id);
        if (!current) throw new AppError('NOT_FOUND');
        if (!isWithdrawn(current)) throw new AppError('RECORD_NOT_WITHDRAWN');
        await editing.restore(kind, id, editor.id, (current.withdrawnReason as string | null) ?? '');
      });
      await bus.publish('knowledge.updated', { kind, id, withdrawn: false });
    },

    async corrections(actor: Actor | null, status: 'open' | 'accepted' | 'declined' = 'open'): Promise<Correction[]> {
      requireEditor(actor);
      const rows = await editing.corrections(status);
      const titles = await deps.titles(rows.map((r) => ({ kind: r.c.kind, id: r.c.itemId })));
      return Promise.all(
        rows.map((r) =>
          toCorrection(r.c, r.username ? { username: r.username, displayName: r.displayName! } : null, titles.get(`${r.c.kind}:${r.c.itemId}`) ?? ''),
        ),
      );
    },

    async decide(actor: Actor | null, correctionId: number, status: 'accepted' | 'declined'): Promise<Correction> {
      const editor = requireEditor(actor);
      const current = await editing.correction(correctionId);
      if (!current) throw new AppError('CORRECTION_NOT_FOUND');
      if (current.status !== 'open') throw new AppError('CORRECTION_DECIDED');
      // Decided only while still open: of two editors deciding at once, the second is told it was decided.
      if (!(await editing.decide(correctionId, status, editor.id))) throw new AppError('CORRECTION_DECIDED');
      return toCorrection((await editing.correction(correctionId))!, null);
    },
  };
}

export type KnowledgeEditing = ReturnType<typeof createKnowledgeEditing>;
