/**
 * Plain text for the page head and structured data, from the API's own fields. Pure functions
 * without the DOM: the server renders the head with them too.
 */

const NAMED_ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
};

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (entity, name: string) => {
    if (name[0] === '#') {
      const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : entity;
    }
    return NAMED_ENTITIES[name.toLowerCase()] ?? entity;
  });
}

/** Collapses runs of white space (new lines included) into single spaces. */
export function squish(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

const BLOCK_TAG =
  /<\/?(?:p|br|hr|h[1-6]|pre|blockquote|ul|ol|li|table|thead|tbody|tr|th|td|div|section|article|aside|figure|figcaption|dl|dt|dd|details|summary)(?:\s[^>]*)?\/?>/gi;

/**
 * The words of a post's cooked (already sanitized) HTML, as a reader sees them: a block's
 * edge is a space (two paragraphs stay two words), inline tags vanish (`<em>for</em>mación`
 * stays one word), entities become characters. The server's `htmlToText` does the same for
 * search and mail; the client cannot import server code.
 */
export function plainText(html: string): string {
  const withoutTags = html
    .replace(/<(script|style|template|textarea)\b[\s\S]*?<\/\1\s*>/gi, ' ')
    .replace(/<!--[\s\S]*?-->/g, ' ')
    .replace(BLOCK_TAG, ' ')
    .replace(/<\/?[a-z][^>]*>/gi, '');
  return squish(decodeEntities(withoutTags));
}

/** A meta description's length: what search results and link previews show. */
export const DESCRIPTION_LENGTH = 160;

/**
 * Text cut to `max` characters on a word boundary, with an ellipsis when something was cut.
 * A single word longer than the limit is cut inside it rather than dropped.
 */
export function summarize(text: string, max = DESCRIPTION_LENGTH): string {
  const clean = squish(text);
  if (clean.length <= max) return clean;
  const room = clean.slice(0, max - 1);
  const lastSpace = room.lastIndexOf(' ');
  const cut = lastSpace > max / 2 ? room.slice(0, lastSpace) : room;
  return `${cut.replace(/[\s.,;:!?¡¿\-–—]+$/u, '')}…`;
}
