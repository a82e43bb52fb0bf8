import type { DraftRow } from '../../../db/schema/index.ts';
import type { Draft, DraftList, DraftListItem, DraftListQuery, DraftSave } from '../../../shared/schemas/drafts.ts';
import { DEFAULT_PAGE_SIZE, encodeCursor, readCursor } from '../../lib/cursor.ts';
import { AppError } from '../../lib/errors.ts';
import type { Actor } from '../auth/actor.ts';
import type { WritePlace, WritePlaceSummary } from '../discussions/places.ts';
import type { DraftsRepository } from './repository.ts';

/** How the drafts area asks discussions whether a member may write in a place (the posting checks). */
export interface Places {
  writablePlace(actor: Actor, place: WritePlace): Promise<WritePlaceSummary | null>;
}

const EXCERPT = 160;

/** `thread:12` → the place it names; the route's schema has checked the shape. */
export function parseKey(key: string): WritePlace {
  const [kind, id] = key.split(':') as [WritePlace['kind'], string];
  const n = Number(id);
  return kind === 'thread' ? { kind, forumId: n } : kind === 'reply' ? { kind, threadId: n } : { kind, postId: n };
}

const toDraft = (row: DraftRow): Draft => ({ key: row.key, title: row.title, body: row.body, updatedAt: row.updatedAt.toISOString() });

/**
 * Drafts: a member's unsent text per place, saved as they type. Every method asks first
 * whether the member may write in the place the key names (the same checks as posting);
 * a place they may not write in, or cannot see, answers 404 like a draft that does not exist.
 */
export function createDraftsService(deps: { drafts: DraftsRepository; places: Places }) {
  const { drafts, places } = deps;

  async function requirePlace(actor: Actor | null, key: string): Promise<Actor> {
    if (!actor) throw new AppError('UNAUTHENTICATED');
    if (!(await places.writablePlace(actor, parseKey(key)))) throw new AppError('DRAFT_NOT_FOUND');
    return actor;
  }

  return {
    async get(anyone: Actor | null, key: string): Promise<Draft> {
      const actor = await requirePlace(anyone, key);
      const row = await drafts.find(actor.id, key);
      if (!row) throw new AppError('DRAFT_NOT_FOUND');
      return toDraft(row);
    },

    async save(anyone: Actor | null, key: string, input: DraftSave): Promise<Draft> {
      const actor = await requirePlace(anyone, key);
      const body = input.body.replace(/\r\n/g, '\n');
      const title = key.startsWith('thread:') ? (input.title ?? null) : null;
      return toDraft(await drafts.save(actor.id, key, title, body));
    },

    async remove(actor: Actor | null, key: string): Promise<void> {
      if (!actor) throw new AppError('UNAUTHENTICATED');
      // Deleting one's own draft needs no access to its place: a member who lost it may still clear it.
      if (!(await drafts.remove(actor.id, key))) throw new AppError('DRAFT_NOT_FOUND');
    },

    /** The member's drafts, newest first, each with its place; places they can no longer write in are left out. */
    async list(actor: Actor | null, query: DraftListQuery): Promise<DraftList> {
      if (!actor) throw new AppError('UNAUTHENTICATED');
      const limit = query.limit ?? DEFAULT_PAGE_SIZE;
      const after = readCursor(query.cursor, ['number', 'number']) as [number, number] | null;
      const rows = await drafts.page(actor.id, after, limit + 1);
      const page = rows.slice(0, limit);
      const items: DraftListItem[] = [];
      for (const row of page) {
        const place = await places.writablePlace(actor, parseKey(row.key));
        if (!place) continue;
        const text = row.body.replace(/\s+/g, ' ').trim();
        items.push({
          key: row.key,
          kind: parseKey(row.key).kind,
          title: row.title,
          excerpt: text.length > EXCERPT ? `${text.slice(0, EXCERPT - 1)}…` : text,
          updatedAt: row.updatedAt.toISOString(),
          place,
        });
      }
      const last = page.at(-1);
      return { items, nextCursor: rows.length > limit && last ? encodeCursor([last.updatedAt.getTime(), last.id]) : null };
    },

    /** Posting deletes the draft it came from (see subscribers.ts). */
    async discard(userId: number, key: string): Promise<void> {
      await drafts.remove(userId, key);
    },
  };
}

export type DraftsService = ReturnType<typeof createDraftsService>;
