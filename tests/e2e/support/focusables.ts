import type { Page } from 'playwright-core';

export interface ThreadWeight {
  /** Elements in the whole document. */
  domNodes: number;
  posts: number;
  /** Focusable elements inside the posts (what Tab walks through). */
  focusablesInPosts: number;
  /** Tab presses from just before the first post to the reply box. */
  tabsToComposer: number;
}

/** What a thread page weighs for a keyboard user and for the browser, as shown now. */
export function threadWeight(page: Page): Promise<ThreadWeight> {
  return page.evaluate(() => {
    const selector = 'a[href], button, input, select, textarea, summary, [tabindex], [contenteditable="true"]';
    const tabbable = [...document.querySelectorAll<HTMLElement>(selector)].filter(
      (element) =>
        element.tabIndex >= 0 &&
        !(element as HTMLButtonElement).disabled &&
        element.getClientRects().length > 0 &&
        getComputedStyle(element).visibility !== 'hidden',
    );
    const posts = [...document.querySelectorAll('article.post')];
    const inPosts = tabbable.filter((element) => posts.some((post) => post.contains(element)));
    const first = tabbable.indexOf(inPosts[0]!);
    const composer = tabbable.findIndex((element) => element.id === 'composer-body');
    return {
      domNodes: document.getElementsByTagName('*').length,
      posts: posts.length,
      focusablesInPosts: inPosts.length,
      tabsToComposer: first >= 0 && composer >= 0 ? composer - first + 1 : -1,
    };
  });
}
