import type { Term } from './query.ts';

/**
 * Snippets and highlighted titles, made from the stored text of the few results on a page.
 * FTS5's own snippet() re-reads the whole match for every row it is asked about, which costs
 * more than the search itself on broad queries; the page's texts are already at hand. Words
 * are compared the way the index compares them (unicode61 with remove_diacritics 2: letters,
 * digits and marks make words; case and accents folded), so what is marked is what matched.
 * The result is HTML-escaped text whose only markup is `<mark>`.
 */

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const escape = (text: string) => text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);

/** Folds a word like the index does: no accents, lower case. */
export function fold(word: string): string {
  return word.normalize('NFD').replace(/\p{M}+/gu, '').toLowerCase();
}

interface Needle {
  word: string;
  prefix: boolean;
}

/** The folded words to mark: every word of every term (a phrase marks its words). */
export function needlesOf(terms: readonly Term[]): Needle[] {
  return terms.flatMap((t) => t.words.map((w, i) => ({ word: fold(w), prefix: t.kind === 'prefix' && i === t.words.length - 1 })));
}

const WORD = /[\p{L}\p{N}\p{M}]+/gu;

interface Token {
  start: number;
  end: number;
  hit: boolean;
}

function tokens(text: string, needles: readonly Needle[]): Token[] {
  const found: Token[] = [];
  for (const m of text.matchAll(WORD)) {
    const folded = fold(m[0]);
    const hit = needles.some((n) => (n.prefix ? folded.startsWith(n.word) : folded === n.word));
    found.push({ start: m.index, end: m.index + m[0].length, hit });
  }
  return found;
}

function render(text: string, list: readonly Token[], from: number, to: number): string {
  let html = '';
  let at = list[from]?.start ?? 0;
  for (let i = from; i < to; i += 1) {
    const token = list[i]!;
    html += escape(text.slice(at, token.start));
    html += token.hit ? `<mark>${escape(text.slice(token.start, token.end))}</mark>` : escape(text.slice(token.start, token.end));
    at = token.end;
  }
  return html;
}

/** The whole text with the matching words marked (titles). */
export function highlightAll(text: string, needles: readonly Needle[]): string {
  const list = tokens(text, needles);
  if (list.length === 0) return escape(text);
  return escape(text.slice(0, list[0]!.start)) + render(text, list, 0, list.length) + escape(text.slice(list[list.length - 1]!.end));
}

/**
 * The window of `size` words holding the most matches (the earliest such window), with an
 * ellipsis where text was cut; null when nothing in the text matched.
 */
export function snippet(text: string, needles: readonly Needle[], size = 16): string | null {
  const list = tokens(text, needles);
  if (!list.some((t) => t.hit)) return null;
  let best = 0;
  let bestCount = -1;
  let count = 0;
  for (let i = 0; i < list.length; i += 1) {
    if (list[i]!.hit) count += 1;
    if (i >= size && list[i - size]!.hit) count -= 1;
    const start = Math.max(0, i - size + 1);
    if (count > bestCount) {
      bestCount = count;
      best = start;
    }
  }
  // Start a little before the first match of the window, so it reads in context.
  const firstHit = list.findIndex((t, i) => i >= best && t.hit);
  const from = Math.max(0, firstHit - 3);
  const to = Math.min(list.length, from + size);
  return (from > 0 ? '…' : '') + render(text, list, from, to) + (to < list.length ? '…' : '');
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

/**
 * Text written with Markdown marks (knowledge summaries and results) as a reader reads it:
 * links keep their words, images their description, and the marks of emphasis, code,
 * headings, quotes and lists go; HTML entities typed into the text become their characters.
 * What is left is escaped like any text when the snippet is made.
 */
export function plainText(markdown: string): string {
  return markdown
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/<\/?[a-z][^>]*>/gi, ' ')
    .replace(/&(#x[0-9a-f]{1,6}|#[0-9]{1,7}|[a-z]{2,8});/gi, (whole, name: string) => {
      if (name[0] !== '#') return ENTITIES[name.toLowerCase()] ?? whole;
      const code = name[1] === 'x' || name[1] === 'X' ? Number.parseInt(name.slice(2), 16) : Number.parseInt(name.slice(1), 10);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    })
    .replace(/^\s{0,3}(#{1,6}|>+|[-*+]|\d{1,9}[.)])\s+/gm, '')
    // Emphasis within a line and a few words: an unmatched mark costs no scan of the rest.
    .replace(/(\*{1,3}|_{2,3}|`+|~~)(?=\S)([^\n]{0,200}?\S)\1/g, '$2')
    .replace(/(^|[^\p{L}\p{N}_])_([^_\s](?:[^_]*[^_\s])?)_(?![\p{L}\p{N}_])/gu, '$1$2')
    .replace(/\s+/g, ' ')
    .trim();
}
