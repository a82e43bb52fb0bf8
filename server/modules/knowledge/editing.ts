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
  titles: (refs: { kind: string; id: number }[]) => Map<string, string>;
}) {
  const { editing, vocabulary, bus } = deps;
  const ctx: FieldContext = {
    vocabularyHas: (scheme, code) => vocabulary.has(scheme, code),
    countryExists: (code) => editing.countryExists(code),
    institutionExists: (id) => editing.institutionExists(id),
    userIdOf: (username) => editing.userIdOf(username),
  };

  /** One account is at most one specialist. */
  function checkAccount(kind: EditableKind, values: Record<string, unknown>, id?: number): void {
    if (kind !== 'specialists' || typeof values.userId !== 'number') return;
    const other = editing.specialistOfUser(values.userId);
    if (other !== undefined && other !== id) throw new AppError('ACCOUNT_LINKED', { field: 'userId' });
  }

  /** Checks every given field against the kind's list; a full record also needs the required ones. */
  function clean(kind: EditableKind, input: KnowledgeInput, full: boolean): Record<string, unknown> {
    const fields = KNOWLEDGE_FIELDS[kind];
    for (const name of Object.keys(input)) {
      if (!fields.some((f) => f.name === name)) throw new AppError('UNKNOWN_FIELD', { field: name, params: { field: name } });
    }
    const values: Record<string, unknown> = {};
    for (const field of fields) {
      if (input[field.name] === undefined) {
        if (full && field.required) throw new AppError('FIELD_REQUIRED', { field: field.name });
        if (full) values[field.name] = cleanField(field, null, ctx);
        continue;
      }
      values[field.name] = cleanField(field, input[field.name], ctx);
    }
    return values;
  }

  function requireEditor(actor: Actor | null): Actor {
    if (!actor) throw new AppError('UNAUTHENTICATED');
    if (!canEditKnowledge(actor)) throw new AppError('FORBIDDEN');
    return actor;
  }

  /** The record as this reader may see it: a withdrawn one is missing to all but editors. */
  function readable(actor: Actor | null, kind: EditableKind, id: number): Record<string, unknown> {
    const current = editing.find(kind, id);
    if (!current || (isWithdrawn(current) && !canSeeWithdrawn(actor))) throw new AppError('NOT_FOUND');
    return current;
  }

  function toCorrection(c: NonNullable<ReturnType<EditingRepository['correction']>>, author: Correction['author'], title?: string): Correction {
    return {
      id: c.id,
      kind: c.kind,
      itemId: c.itemId,
      title: title ?? deps.titles([{ kind: c.kind, id: c.itemId }]).get(`${c.kind}:${c.itemId}`) ?? '',
      field: c.field,
      note: c.note,
      status: c.status,
      author,
      createdAt: iso(c.createdAt),
      url: `/knowledge/${c.kind}/${c.itemId}`,
    };
  }

  return {
    create(actor: Actor | null, kind: EditableKind, input: KnowledgeInput): number {
      const editor = requireEditor(actor);
      const values = clean(kind, input, true);
      checkAccount(kind, values);
      const changes = Object.fromEntries(Object.entries(values).map(([k, v]) => [k, { before: null, after: v }]));
      const id = editing.create(kind, values, editor.id, changes);
      bus.publish('knowledge.updated', { kind, id, created: true });
      return id;
    },

    /** Keeps what changed, and who changed it, as a revision. */
    update(actor: Actor | null, kind: EditableKind, id: number, patch: KnowledgeInput): void {
      const editor = requireEditor(actor);
      const current = editing.find(kind, id);
      if (!current) throw new AppError('NOT_FOUND');
      const values = clean(kind, patch, false);
      checkAccount(kind, values, id);
      const changes: Record<string, { before: unknown; after: unknown }> = {};
      for (const [key, after] of Object.entries(values)) {
        if (!same(current[key], after)) changes[key] = { before: current[key] ?? null, after };
      }
      if (Object.keys(changes).length === 0) return;
      const changed = Object.fromEntries(Object.keys(changes).map((k) => [k, values[k]]));
      editing.update(kind, id, changed, editor.id, changes);
      bus.publish('knowledge.updated', { kind, id });
    },

    /** The history of a record, each field shown only to whom its page shows it. */
    revisions(actor: Actor | null, kind: EditableKind, id: number) {
      const current = readable(actor, kind, id);
      const all = editing.revisions(kind, id).map((r) => ({
        id: r.id,
        editor: r.editorId !== null ? { id: r.editorId, username: r.username!, displayName: r.displayName! } : null,
        createdAt: iso(r.createdAt),
        changes: r.changes,
      }));
      return visibleRevisions(kind, all, current, readerOf(actor));
    },

    suggest(actor: Actor | null, kind: EditableKind, id: number, input: { note: string; field?: string | null }): Correction {
      if (!actor) throw new AppError('UNAUTHENTICATED');
      readable(actor, kind, id);
      const note = input.note.trim();
      if (note.length === 0) throw new AppError('FIELD_REQUIRED', { field: 'note' });
      const field = input.field ?? null;
      if (field !== null && !KNOWLEDGE_FIELDS[kind].some((f) => f.name === field)) throw new AppError('UNKNOWN_FIELD', { field: 'field', params: { field } });
      const row = editing.addCorrection({ kind, itemId: id, userId: actor.id, field, note });
      return toCorrection(row, { username: actor.username, displayName: actor.displayName });
    },

    /**
     * Withdraws a record (a tombstone, see withdrawal.ts): gone from every public surface,
     * reported as deleted to harvesters, kept for the editors to restore.
     */
    withdraw(actor: Actor | null, kind: EditableKind, id: number, reason: string): void {
      const editor = requireEditor(actor);
      const current = editing.find(kind, id);
      if (!current) throw new AppError('NOT_FOUND');
      if (isWithdrawn(current)) throw new AppError('RECORD_WITHDRAWN');
      const why = reason.trim();
      if (why.length === 0) throw new AppError('FIELD_REQUIRED', { field: 'reason' });
      editing.withdraw(kind, id, editor.id, why);
      bus.publish('knowledge.updated', { kind, id, withdrawn: true });
    },

    restore(actor: Actor | null, kind: EditableKind, id: number): void {
      const editor = requireEditor(actor);
      const current = editing.find(kind, id);
      if (!current) throw new AppError('NOT_FOUND');
      if (!isWithdrawn(current)) throw new AppError('RECORD_NOT_WITHDRAWN');
      editing.restore(kind, id, editor.id, (current.withdrawnReason as string | null) ?? '');
      bus.publish('knowledge.updated', { kind, id, withdrawn: false });
    },

    corrections(actor: Actor | null, status: 'open' | 'accepted' | 'declined' = 'open'): Correction[] {
      requireEditor(actor);
      const rows = editing.corrections(status);
      const titles = deps.titles(rows.map((r) => ({ kind: r.c.kind, id: r.c.itemId })));
      return rows.map((r) =>
        toCorrection(r.c, r.username ? { username: r.username, displayName: r.displayName! } : null, titles.get(`${r.c.kind}:${r.c.itemId}`) ?? ''),
      );
    },

    decide(actor: Actor | null, correctionId: number, status: 'accepted' | 'declined'): Correction {
      const editor = requireEditor(actor);
      const current = editing.correction(correctionId);
      if (!current) throw new AppError('CORRECTION_NOT_FOUND');
      if (current.status !== 'open') throw new AppError('CORRECTION_DECIDED');
      editing.decide(correctionId, status, editor.id);
      return toCorrection(editing.correction(correctionId)!, null);
    },
  };
}

export type KnowledgeEditing = ReturnType<typeof createKnowledgeEditing>;
