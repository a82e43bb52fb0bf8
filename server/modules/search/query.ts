import { SEARCH_LANGUAGES, SEARCH_TYPES, type SearchLanguage, type SearchType } from '../../../shared/schemas/search.ts';
import { AppError } from '../../lib/errors.ts';

/**
 * The search query language, parsed without ever failing: plain words (all must match, the
 * last one as a prefix), "exact phrases", prefix*, -exclusions and filters (type:, country:,
 * language:, community:, author:, solved:yes). Anything else is read as plain words, so no
 * input can reach FTS5 as syntax: every token is quoted when the MATCH string is built.
 */

export { SEARCH_LANGUAGES, SEARCH_TYPES, type SearchLanguage, type SearchType };

export const QUERY_MAX_LENGTH = 500;
const MAX_TERMS = 16;
/**
 * The cost of a search grows with the words a term matches. A one-letter prefix has no prefix
 * index and matches nearly every row; each further prefix adds another such list. Shorter
 * prefixes and more of them are refused with a message (the last word being typed is a prefix
 * only from this length on, else a plain word). Measured at the demo's full scale: `e*` alone
 * cost 120 ms, `a* e* o* i* u* s*` 270 ms; a two-letter prefix costs what a common word does.
 */
export const PREFIX_MIN_LETTERS = 2;
export const MAX_PREFIXES = 3;

export interface SearchFilters {
  type?: SearchType;
  country?: string;
  language?: SearchLanguage;
  community?: string;
  author?: string;
  solved?: boolean;
}

export interface Term {
  /** Words folded to NFC; a phrase has several, a word one. */
  words: string[];
  kind: 'word' | 'phrase' | 'prefix';
}

export interface ParsedQuery {
  terms: Term[];
  /** Each exclusion is one word or a phrase of words. */
  excludes: string[][];
  filters: SearchFilters;
}

/** Letters, digits and combining marks make words; everything else separates them. */
export function wordsOf(text: string): string[] {
  return text
    .normalize('NFC')
    .split(/[^\p{L}\p{N}\p{M}]+/u)
    .filter((w) => w.length > 0);
}

function filterOf(key: string, value: string): Partial<SearchFilters> | null {
  switch (key) {
    case 'type': {
      const v = value.toLowerCase();
      return (SEARCH_TYPES as readonly string[]).includes(v) ? { type: v as SearchType } : null;
    }
    case 'country':
      return /^[a-z]{2}$/i.test(value) ? { country: value.toUpperCase() } : null;
    case 'language': {
      const v = value.toLowerCase();
      return (SEARCH_LANGUAGES as readonly string[]).includes(v) ? { language: v as SearchLanguage } : null;
    }
    case 'community':
      return /^[a-z0-9][a-z0-9-]{0,99}$/i.test(value) ? { community: value.toLowerCase() } : null;
    case 'author':
      return /^[\p{L}\p{N}_.-]{1,64}$/u.test(value) ? { author: value.toLowerCase() } : null;
    case 'solved':
      return /^(yes|true|si|sí|sim)$/i.test(value) ? { solved: true } : null;
    default:
      return null;
  }
}

const letters = (word: string) => [...word].length;

/**
 * Throws VALIDATION_FAILED (field q) when the text is too long, SEARCH_PREFIX_TOO_SHORT or
 * SEARCH_TOO_MANY_PREFIXES when its prefixes would make it too costly; otherwise never fails.
 */
export function parseQuery(raw: string): ParsedQuery {
  if (raw.length > QUERY_MAX_LENGTH) throw new AppError('VALIDATION_FAILED', { field: 'q' });
  // Control characters are separators, nothing more.
  const text = raw.replace(/[\p{Cc}\p{Cf}]/gu, ' ');
  const terms: Term[] = [];
  const excludes: string[][] = [];
  const filters: SearchFilters = {};
  let lastIsPlainWord = false;

  const addPlain = (chunk: string) => {
    const words = wordsOf(chunk);
    for (const w of words) terms.push({ words: [w], kind: 'word' });
    if (words.length > 0) lastIsPlainWord = true;
  };

  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    if (/\s/.test(ch)) {
      i += 1;
      continue;
    }
    // "exact phrase", or -"excluded phrase": only when the quote closes; a stray one is a space.
    const negated = ch === '-' && text[i + 1] === '"';
    const quoteAt = negated ? i + 1 : ch === '"' ? i : -1;
    if (quoteAt >= 0) {
      const close = text.indexOf('"', quoteAt + 1);
      if (close > quoteAt) {
        const words = wordsOf(text.slice(quoteAt + 1, close));
        if (words.length > 0) {
          if (negated) excludes.push(words);
          else {
            terms.push({ words, kind: words.length > 1 ? 'phrase' : 'word' });
            lastIsPlainWord = false;
          }
        }
        i = close + 1;
        continue;
      }
      i = quoteAt + 1;
      continue;
    }
    // One whitespace-separated token.
    let end = i;
    while (end < text.length && !/\s/.test(text[end]!) && text[end] !== '"') end += 1;
    const token = text.slice(i, end);
    i = end;

    const filter = /^([a-z]+):(.+)$/i.exec(token);
    if (filter) {
      const parsed = filterOf(filter[1]!.toLowerCase(), filter[2]!);
      if (parsed) {
        Object.assign(filters, parsed);
        lastIsPlainWord = false;
        continue;
      }
    }
    if (token.startsWith('-') && token.length > 1) {
      const words = wordsOf(token.slice(1));
      if (words.length > 0) {
        excludes.push(words);
        lastIsPlainWord = false;
        continue;
      }
    }
    if (token.endsWith('*')) {
      const words = wordsOf(token);
      if (words.length > 0) {
        if (letters(words[words.length - 1]!) < PREFIX_MIN_LETTERS) {
          throw new AppError('SEARCH_PREFIX_TOO_SHORT', { field: 'q', params: { min: PREFIX_MIN_LETTERS } });
        }
        for (const w of words.slice(0, -1)) terms.push({ words: [w], kind: 'word' });
        terms.push({ words: [words[words.length - 1]!], kind: 'prefix' });
        lastIsPlainWord = false;
        continue;
      }
    }
    addPlain(token);
  }

  const kept = terms.slice(0, MAX_TERMS);
  const prefixes = kept.filter((t) => t.kind === 'prefix').length;
  if (prefixes > MAX_PREFIXES) throw new AppError('SEARCH_TOO_MANY_PREFIXES', { field: 'q', params: { max: MAX_PREFIXES } });
  // The last plain word is still being typed: match it as a prefix, when the bounds leave room
  // for one (else it is matched as the whole word, rather than refused while typing).
  const last = kept[kept.length - 1];
  if (
    last &&
    last.kind === 'word' &&
    lastIsPlainWord &&
    kept.length === terms.length &&
    letters(last.words[0]!) >= PREFIX_MIN_LETTERS &&
    prefixes < MAX_PREFIXES
  ) {
    last.kind = 'prefix';
  }
  return { terms: kept, excludes: excludes.slice(0, MAX_TERMS), filters };
}

const quote = (words: string[]) => `"${words.join(' ').replace(/"/g, '""')}"`;

/**
 * The FTS5 MATCH string: every term quoted, exclusions as NOT. Null when there is no positive
 * term (FTS5 cannot answer "everything but").
 */
export function toFtsMatch(query: ParsedQuery): string | null {
  if (query.terms.length === 0) return null;
  const positive = query.terms.map((t) => quote(t.words) + (t.kind === 'prefix' ? '*' : '')).join(' ');
  if (query.excludes.length === 0) return positive;
  return query.excludes.reduce((acc, words) => `(${acc}) NOT ${quote(words)}`, positive);
}
