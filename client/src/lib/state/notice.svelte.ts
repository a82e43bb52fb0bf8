import type { MessageKey } from '../../../../shared/i18n/index.ts';

/** A one-line confirmation shown on the page a flow lands on ("You have logged out."). */
class Notice {
  current = $state<{ key: MessageKey; path: string } | null>(null);

  show(key: MessageKey, path: string): void {
    this.current = { key, path };
  }

  /** The message to show on `path`; a notice for another page has expired. */
  for(path: string): MessageKey | null {
    return this.current?.path === path ? this.current.key : null;
  }

  clear(): void {
    this.current = null;
  }
}

export const notice = new Notice();
