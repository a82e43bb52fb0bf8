/** What the thread page's single-key shortcuts do (issue 16, part 3). */
export interface ThreadKeys {
  next: () => void;
  previous: () => void;
  reply: () => void;
  help: () => void;
}

/** Where typing goes: a shortcut there would eat the reader's letters. */
function typingIn(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  return !!target.closest('input, textarea, select, [contenteditable=""], [contenteditable="true"], [role="textbox"], dialog[open]');
}

/**
 * j / k / r / ? on the thread page: never while typing in a field, inside an open dialog, or
 * with Ctrl, Alt or Meta (the browser's and the screen reader's own keys stay theirs).
 */
export function threadShortcut(event: KeyboardEvent, keys: ThreadKeys): void {
  if (event.defaultPrevented || event.ctrlKey || event.altKey || event.metaKey || event.isComposing) return;
  if (typingIn(event.target)) return;
  const action = event.key === 'j' ? keys.next : event.key === 'k' ? keys.previous : event.key === 'r' ? keys.reply : event.key === '?' ? keys.help : null;
  if (!action) return;
  event.preventDefault();
  action();
}
