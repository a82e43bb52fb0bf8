import { isLinkType, type LinkType } from './kinds.ts';

/** What a card says: its kind, the item's title, where it comes from ("Brasil · SENAI"). */
export interface CardText {
  kind: string;
  title: string;
  where: string;
}

/** The card text for a cited item; `written` is the title the post was cooked with. */
export type DescribeCard = (type: LinkType, id: number, written: string) => CardText;

function part(className: string, text: string): HTMLSpanElement {
  const span = document.createElement('span');
  span.className = className;
  span.textContent = text;
  return span;
}

/**
 * Turns each typed link of cooked post HTML into a card: kind, current title, origin. The
 * link stays the server's own `<a>` (its address, rel); only its text is rebuilt, from text
 * nodes, so nothing here can add markup. A missing link (`typed-link-missing`) stays as it is.
 */
export function decorateTypedLinks(html: string, describe: DescribeCard): string {
  if (!html.includes('typed-link')) return html;
  const template = document.createElement('template');
  template.innerHTML = html;
  const anchors = template.content.querySelectorAll<HTMLAnchorElement>('a.typed-link[data-link-type][data-link-id]');
  if (anchors.length === 0) return html;
  for (const anchor of anchors) {
    const type = anchor.dataset.linkType;
    const id = Number(anchor.dataset.linkId);
    if (!isLinkType(type) || !Number.isSafeInteger(id)) continue;
    const card = describe(type, id, anchor.textContent ?? '');
    // The spaces keep the parts apart for screen readers (the link's name reads as one line).
    const parts: (Node | string)[] = [part('typed-kind', card.kind), ' ', part('typed-title', card.title)];
    if (card.where) parts.push(' ', part('typed-where', card.where));
    anchor.replaceChildren(...parts);
  }
  return template.innerHTML;
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
