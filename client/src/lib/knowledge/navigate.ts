import { tick } from 'svelte';
import { router } from '../router.svelte.ts';

/**
 * Moves to another address of the same page (a filter, a sort) without jumping to the top:
 * the router scrolls up after each navigation, and this puts the reader back where they were.
 */
export function navigateInPlace(to: string): void {
  const y = window.scrollY;
  router.navigate(to);
  void tick().then(() => window.scrollTo(0, y));
}
