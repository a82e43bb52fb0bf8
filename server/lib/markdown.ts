/**
 * Cooking: Markdown (GFM) → HTML with mentions and typed links resolved → sanitized. Runs once,
 * when a post is written; the HTML is stored beside the source and readers only get the HTML.
 */
import { randomBytes } from 'node:crypto';
import { Marked, type Token, type Tokens, type TokenizerAndRendererExtension } from 'marked';
import sanitizeHtml from 'sanitize-html';

/**
 * Marks the links the cooker itself makes (mentions, typed links). Only those keep their
 * classes and data attributes: an author writing `<a class="mention" href="https://…">` by
 * hand gets a plain link, not something that looks like a profile or an institution card.
 */
const GENERATED = `data-cooked-${randomBytes(6).toString('hex')}`;

/** Deeper nesting than this is refused rather than risking the parser's stack. */
const MAX_NESTING = 64;

export class MarkdownTooComplexError extends Error {}

export const LINK_TYPES = ['resource', 'profile', 'experience', 'specialist', 'institution', 'workshop'] as const;
export type LinkType = (typeof LINK_TYPES)[number];

export interface LinkRef {
  type: LinkType;
  id: number;
}

export interface ResolvedLink extends LinkRef {
  title: string;
  url: string;
}

/** Looks things up in the database on behalf of the cooker (one query per kind, not per mention). */
export interface CookResolver {
  /** The subset of these lower-cased usernames that exist. */
  existingUsernames(candidates: string[]): Set<string>;
  /** Titles and URLs of the typed links that exist. */
  resolveLinks(refs: LinkRef[]): ResolvedLink[];
}

export interface Cooked {
  html: string;
  /** Usernames mentioned that exist, lower-cased, in order of first appearance. */
  mentions: string[];
  /** Typed links that resolved, in order of first appearance. */
  links: ResolvedLink[];
  /** What a reader sees of the HTML, as plain text (search indexes and snippets): see htmlToText. */
  text: string;
}

const MENTION = /^@([a-zA-Z0-9_-]{3,30})(?![a-zA-Z0-9_-])/;
const TYPED_LINK = new RegExp(`^\\[\\[(${LINK_TYPES.join('|')}):(\\d{1,9})\\]\\]`);

interface MentionToken extends Tokens.Generic {
  type: 'mention';
  username: string;
}
interface TypedLinkToken extends Tokens.Generic {
  type: 'typedLink';
  linkType: LinkType;
  id: number;
}

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** Per-cook state the renderers read; set before parsing, cleared after. */
let current: { usernames: Set<string>; links: Map<string, ResolvedLink> } | null = null;

const mentionExtension: TokenizerAndRendererExtension = {
  name: 'mention',
  level: 'inline',
  start(src) {
    // Only an @ that starts a word: never the middle of an email address.
    const match = /(^|[^a-zA-Z0-9_.+-])@[a-zA-Z0-9_-]{3,30}/.exec(src);
    return match ? match.index + match[1]!.length : undefined;
  },
  tokenizer(src, tokens) {
    const match = MENTION.exec(src);
    if (!match) return undefined;
    // Not inside a link's text, and not glued to the word before (hola@ana, x_@ana).
    if (this.lexer.state.inLink) return undefined;
    const previous = tokens.at(-1)?.raw ?? '';
    if (/[\p{L}\p{N}_.+-]$/u.test(previous)) return undefined;
    return { type: 'mention', raw: match[0], username: match[1]!.toLowerCase() } satisfies MentionToken;
  },
  renderer(token) {
    const { username, raw } = token as MentionToken;
    if (!current?.usernames.has(username)) return escapeHtml(raw);
    return `<a ${GENERATED} class="mention" href="/u/${username}">@${escapeHtml(username)}</a>`;
  },
};

const typedLinkExtension: TokenizerAndRendererExtension = {
  name: 'typedLink',
  level: 'inline',
  start(src) {
    const index = src.indexOf('[[');
    return index >= 0 ? index : undefined;
  },
  tokenizer(src) {
    const match = TYPED_LINK.exec(src);
    if (!match || this.lexer.state.inLink) return undefined;
    return { type: 'typedLink', raw: match[0], linkType: match[1] as LinkType, id: Number(match[2]) } satisfies TypedLinkToken;
  },
  renderer(token) {
    const { linkType, id, raw } = token as TypedLinkToken;
    const link = current?.links.get(`${linkType}:${id}`);
    if (!link) return `<span ${GENERATED} class="typed-link typed-link-missing">${escapeHtml(raw)}</span>`;
    return (
      `<a ${GENERATED} class="typed-link" data-link-type="${linkType}" data-link-id="${id}" href="${escapeHtml(link.url)}">` +
      `${escapeHtml(link.title)}</a>`
    );
  },
};

const marked = new Marked({ gfm: true, breaks: false, async: false });
marked.use({ extensions: [mentionExtension, typedLinkExtension] });

const LINK_REL = 'nofollow ugc noopener';
// Headings in a post sit under the page's own h1 and the thread's h2.
const demote = (level: number) => (_tag: string, attribs: sanitizeHtml.Attributes) => ({
  tagName: `h${Math.min(6, level + 2)}`,
  attribs,
});

const SANITIZE: sanitizeHtml.IOptions = {
  allowedTags: [
    'p', 'br', 'hr', 'h3', 'h4', 'h5', 'h6', 'strong', 'em', 'del', 's', 'code', 'pre', 'blockquote',
    'ul', 'ol', 'li', 'a', 'span', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'sup', 'sub', 'kbd',
  ],
  allowedAttributes: {
    a: ['href', 'title', 'rel', 'class', 'data-link-type', 'data-link-id'],
    span: ['class'],
    code: ['class'],
    ol: ['start'],
    th: ['align'],
    td: ['align'],
  },
  allowedClasses: {
    a: ['mention', 'typed-link'],
    span: ['typed-link', 'typed-link-missing'],
    code: [/^language-[a-z0-9+#-]{1,30}$/],
  },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesAppliedToAttributes: ['href'],
  allowProtocolRelative: false,
  disallowedTagsMode: 'discard',
  // Nothing of these survives, not even their text.
  nonTextTags: ['script', 'style', 'textarea', 'option', 'noscript', 'iframe', 'object', 'embed', 'svg', 'math', 'template', 'title', 'xmp', 'noembed', 'noframes', 'plaintext'],
  transformTags: {
    h1: demote(1),
    h2: demote(2),
    h3: demote(3),
    h4: demote(4),
    h5: demote(5),
    h6: demote(6),
    a: (_tag, attribs) => {
      const { [GENERATED]: generated, class: className, 'data-link-type': type, 'data-link-id': id, ...rest } = attribs;
      const own: sanitizeHtml.Attributes = {};
      if (generated !== undefined) {
        if (className) own.class = className;
        if (type) own['data-link-type'] = type;
        if (id) own['data-link-id'] = id;
      }
      const out: sanitizeHtml.Attributes = { ...own, ...rest, rel: LINK_REL };
      return { tagName: 'a', attribs: out };
    },
    span: (_tag, attribs) => {
      const out: sanitizeHtml.Attributes = attribs[GENERATED] !== undefined ? { class: attribs.class ?? '' } : {};
      return { tagName: 'span', attribs: out };
    },
    // Pictures from elsewhere are not embedded (privacy, CSP): they become a link to the image.
    img: (_tag, attribs) => {
      const src = attribs.src ?? '';
      const web = /^(https?:)?\/\//i.test(src.trim()) || src.trim().startsWith('/');
      const none: sanitizeHtml.Attributes = {};
      if (!web) return { tagName: 'span', attribs: none, text: attribs.alt ?? '' };
      const link: sanitizeHtml.Attributes = { href: src, rel: LINK_REL };
      return { tagName: 'a', attribs: link, text: attribs.alt || src };
    },
  },
  exclusiveFilter: (frame) => frame.tag === 'a' && !frame.attribs.href && !frame.text.trim(),
};

function collect(tokens: Token[]) {
  const usernames = new Set<string>();
  const refs = new Map<string, LinkRef>();
  marked.walkTokens(tokens, (token) => {
    if (token.type === 'mention') usernames.add((token as MentionToken).username);
    if (token.type === 'typedLink') {
      const { linkType, id } = token as TypedLinkToken;
      refs.set(`${linkType}:${id}`, { type: linkType, id });
    }
  });
  return { usernames: [...usernames], refs: [...refs.values()] };
}

/** Markdown read but not yet rendered: its tokens and what it names (mentions, typed links). */
export interface LexedMarkdown {
  tokens: Token[];
  usernames: string[];
  refs: LinkRef[];
}

/** The first half of cooking: reads the text and finds the names and links the lookups must answer. */
export function lexMarkdown(source: string): LexedMarkdown {
  // CommonMark: NUL becomes the replacement character.
  const text = source.replace(/\u0000/g, '\uFFFD');
  if (nestingDepth(text) > MAX_NESTING) throw new MarkdownTooComplexError();
  let tokens: Token[];
  try {
    tokens = marked.lexer(text);
  } catch (error) {
    if (error instanceof RangeError) throw new MarkdownTooComplexError();
    throw error;
  }
  return { tokens, ...collect(tokens) };
}

/** The second half: renders with the lookups' answers, then sanitizes. */
export function renderMarkdown(lexed: LexedMarkdown, usernames: Set<string>, resolved: ResolvedLink[]): Cooked {
  const links = new Map(resolved.map((l) => [`${l.type}:${l.id}`, l]));
  current = { usernames, links };
  let html: string;
  try {
    html = marked.parser(lexed.tokens);
  } catch (error) {
    if (error instanceof RangeError) throw new MarkdownTooComplexError();
    throw error;
  } finally {
    current = null;
  }
  const safe = sanitizeHtml(html, SANITIZE).trim();
  return {
    html: safe,
    text: htmlToText(safe),
    mentions: lexed.usernames.filter((u) => usernames.has(u)),
    links: lexed.refs.map((r) => links.get(`${r.type}:${r.id}`)).filter((l): l is ResolvedLink => !!l),
  };
}

/** Renders Markdown to safe HTML. Pure but for the resolver's lookups. */
export function cook(source: string, resolver: CookResolver): Cooked {
  const lexed = lexMarkdown(source);
  const usernames = lexed.usernames.length ? resolver.existingUsernames(lexed.usernames) : new Set<string>();
  const resolved = lexed.refs.length ? resolver.resolveLinks(lexed.refs) : [];
  return renderMarkdown(lexed, usernames, resolved);
}

/** The deepest run of quote or list markers at the start of any line. */
function nestingDepth(text: string): number {
  let deepest = 0;
  for (const match of text.matchAll(/^[ \t>*+-]{2,}/gm)) {
    const depth = (match[0].match(/[>*+-]/g) ?? []).length;
    if (depth > deepest) deepest = depth;
  }
  return deepest;
}

/** A resolver that knows nobody and nothing: for previews of pure Markdown and for tests. */
export const emptyResolver: CookResolver = {
  existingUsernames: () => new Set(),
  resolveLinks: () => [],
};

/** Tags that end a block of text: their content never runs into the next block's words. */
const BLOCK_TAG = /<\/?(?:p|br|hr|h[1-6]|pre|blockquote|ul|ol|li|table|thead|tbody|tr|th|td)(?:\s[^>]*)?\/?>/gi;
const ANY_TAG = /<\/?[a-z][a-z0-9]*(?:\s[^>]*)?\/?>/gi;
const NAMED_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]{1,6}|#[0-9]{1,7}|[a-z]{2,8});/gi, (whole, name: string) => {
    if (name[0] === '#') {
      const code = name[1] === 'x' || name[1] === 'X' ? Number.parseInt(name.slice(2), 16) : Number.parseInt(name.slice(1), 10);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return NAMED_ENTITIES[name.toLowerCase()] ?? whole;
  });
}

/**
 * The text a reader sees of cooked HTML: tags dropped (a block's end is a space, so words of
 * two paragraphs or list items stay two words), entities decoded, white space collapsed. Only
 * for HTML that came out of `cook` (sanitized: no comments, scripts or raw text elements are
 * left, attribute values are quoted and escaped), so the link addresses, Markdown marks and
 * everything the sanitizer removed are not in it.
 */
export function htmlToText(html: string): string {
  return decodeEntities(html.replace(BLOCK_TAG, ' ').replace(ANY_TAG, ''))
    .replace(/\s+/g, ' ')
    .trim();
}
