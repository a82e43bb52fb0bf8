import { ERASED_MENTION } from './names.ts';

/** Characters that would turn a name into Markdown inside a quote's link text (as the client's quote.ts escapes them). */
const MARKDOWN_PUNCTUATION = /[\\`*_{}[\]()<>#+!|~]/g;
const escapeMarkdown = (text: string) => text.replace(MARKDOWN_PUNCTUATION, (c) => `\\${c}`);
const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** What an erased member was called, and what others' posts say instead. */
export interface ErasedNames {
  username: string;
  displayName: string;
  /** The "Deleted member" label put in quote attributions. */
  label: string;
}

/** The strings whose presence marks a text as naming the member: `@name` and a quote's `[Name](/t/`. */
export function namingNeedles(names: Pick<ErasedNames, 'username' | 'displayName'>): string[] {
  const needles = [`@${names.username}`];
  if (names.displayName) needles.push(`[${escapeMarkdown(names.displayName)}](/t/`, `[${names.displayName}](/t/`);
  return [...new Set(needles)];
}

/**
 * The text with the member's mentions (`@name`, any case, as the cooker reads them) turned into
 * `@deleted-member` and their quote attributions (`> [Name](/t/1#post-2) wrote:`) into the label.
 */
export function anonymiseText(body: string, names: ErasedNames): string {
  const mention = new RegExp(`(^|[^\\p{L}\\p{N}_.+-])@${escapeRegExp(names.username)}(?![a-zA-Z0-9_-])`, 'giu');
  let text = body.replace(mention, (_all, before: string) => `${before}${ERASED_MENTION}`);
  if (names.displayName) {
    const label = `[${escapeMarkdown(names.label)}](/t/`;
    for (const attribution of new Set([`[${escapeMarkdown(names.displayName)}](/t/`, `[${names.displayName}](/t/`])) {
      text = text.split(attribution).join(label);
    }
  }
  return text;
}
