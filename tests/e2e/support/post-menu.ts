import { expect } from 'vitest';
import type { Locator } from 'playwright-core';

/**
 * Opens a post's "More actions" menu. The button is in the server's HTML before the page is
 * hydrated, and a click then does nothing: click again until the menu says it is open.
 */
export async function openPostMenu(post: Locator): Promise<void> {
  const toggle = post.getByRole('button', { name: /^Más acciones sobre el mensaje de / });
  await expect
    .poll(async () => {
      if ((await toggle.getAttribute('aria-expanded')) !== 'true') await toggle.click();
      return toggle.getAttribute('aria-expanded');
    })
    .toBe('true');
}
