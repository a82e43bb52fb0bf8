import { isLinkType, type LinkType } from './kinds.ts';

/** What a card says: its kind, the item's title, where it comes from ("Brasil · SENAI"). */
export interface CardText {
  kind: string;
  title: string;
  where: string;
}

/** The card text for a cited item; `written` is the title the post was cooked with. */
export type DescribeCard = (type: LinkType, id: number, written: string) => CardText;

/** A cooked typed link: `<a class="typed-link" data-link-type="…" data-link-id="…" href="…">title</a>`. */
const TYPED_ANCHOR = /<a\b([^>]*)>([\s\S]*?)<\/a>/g;

function attribute(attributes: string, name: string): string | undefined {
  return new RegExp(`\\s${name}="([^"]*)"`).exec(attributes)?.[1];
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'", '#x27': "'", nbsp: '\u00a0' };

/** The text of a bit of cooked HTML (its tags dropped, its entities read). */
function textOf(html: string): string {
  return html
    .replace(/<[^>]*>/g, '')
    .replace(/&(#\d+|#x[\da-f]+|\w+);/gi, (entity, name: string) => {
      const known = ENTITIES[name.toLowerCase()];
      if (known !== undefined) return known;
      if (name.startsWith('#')) {
        const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : Number(name.slice(1));
        return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : entity;
      }
      return entity;
    });
}

function escapeText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function part(className: string, text: string): string {
  return `<span class="${className}">${escapeText(text)}</span>`;
}

/**
 * Turns each typed link of cooked post HTML into a card: kind, current title, origin. The
 * link stays the server's own `<a>` (its address, rel); only its text is rebuilt, as escaped
 * text in spans, so nothing here can add markup. A missing link (`typed-link-missing`, a span)
 * stays as it is. Plain string work: the same on the server's render and in the browser.
 */
export function decorateTypedLinks(html: string, describe: DescribeCard): string {
  if (!html.includes('typed-link')) return html;
  return html.replace(TYPED_ANCHOR, (whole, attributes: string, inner: string) => {
    const classes = (attribute(attributes, 'class') ?? '').split(/\s+/);
    if (!classes.includes('typed-link')) return whole;
    const type = attribute(attributes, 'data-link-type');
    const id = Number(attribute(attributes, 'data-link-id'));
    if (!isLinkType(type) || !Number.isSafeInteger(id)) return whole;
    const card = describe(type, id, textOf(inner));
    // The spaces keep the parts apart for screen readers (the link's name reads as one line).
    const parts = [part('typed-kind', card.kind), ' ', part('typed-title', card.title)];
    if (card.where) parts.push(' ', part('typed-where', card.where));
    return `<a${attributes}>${parts.join('')}</a>`;
  });
}

/** The typed links in cooked HTML, without building a DOM (to ask for their facts early). */
export function typedLinksIn(html: string): { type: LinkType; id: number }[] {
  const found: { type: LinkType; id: number }[] = [];
  for (const [tag] of html.matchAll(/<a\b[^>]*\bdata-link-type="[^"]*"[^>]*>/g)) {
    const type = /\bdata-link-type="([^"]*)"/.exec(tag)?.[1];
    const id = Number(/\bdata-link-id="(\d{1,9})"/.exec(tag)?.[1]);
    if (isLinkType(type) && id > 0) found.push({ type, id });
  }
  return found;
}
