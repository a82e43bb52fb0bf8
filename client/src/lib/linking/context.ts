import { getContext, setContext } from 'svelte';
import type { ThreadLink } from '../../../../shared/schemas/discussions.ts';
import type { Static } from 'typebox';

/** A cited item as the server describes it now (its current title, country, institution). */
export type LinkedItem = Static<typeof ThreadLink>;

const LINKED_ITEMS = Symbol('linked-items');

/**
 * A page that knows the current facts of the items its posts cite (a thread's `links`) offers
 * them to every PostBody below it, so a renamed item shows its new name without prop drilling.
 */
export function provideLinkedItems(items: () => readonly LinkedItem[]): void {
  setContext(LINKED_ITEMS, items);
}

/** The page's cited items, when a page above offers them. */
export function linkedItemsInContext(): (() => readonly LinkedItem[]) | undefined {
  return getContext<(() => readonly LinkedItem[]) | undefined>(LINKED_ITEMS);
}
