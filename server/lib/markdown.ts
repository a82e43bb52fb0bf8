/**
 * Cooking: Markdown (GFM) → HTML with mentions and typed links resolved → sanitized. Runs once,
 * when a post is written; the HTML is stored beside the source and readers only get the HTML.
 */
import { Marked, type Token, type Tokens, type TokenizerAndRendererExtension } from 'marked';
import sanitizeHtml from 'sanitize-html';

export const LINK_TYPES = ['resource', 'profile', 'experience', 'specialist', 'institution'] as const;
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
  tokenizer(src) {
    const match = MENTION.exec(src);
    if (!match) return undefined;
    return { type: 'mention', raw: match[0], username: match[1]!.toLowerCase() } satisfies MentionToken;
  },
  renderer(token) {
    const { username, raw } = token as MentionToken;
    if (!current?.usernames.has(username)) return escapeHtml(raw);
    return `<a class="mention" href="/u/${username}">@${escapeHtml(username)}</a>`;
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
    if (!match) return undefined;
    return { type: 'typedLink', raw: match[0], linkType: match[1] as LinkType, id: Number(match[2]) } satisfies TypedLinkToken;
  },
  renderer(token) {
    const { linkType, id, raw } = token as TypedLinkToken;
    const link = current?.links.get(`${linkType}:${id}`);
    if (!link) return `<span class="typed-link typed-link-missing">${escapeHtml(raw)}</span>`;
    return (
      `<a class="typed-link" data-link-type="${linkType}" data-link-id="${id}" href="${escapeHtml(link.url)}">` +
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
    a: (_tag, attribs) => ({ tagName: 'a', attribs: { ...attribs, rel: LINK_REL } }),
    // Pictures from elsewhere are not embedded (privacy, CSP): they become a link to the image.
    img: (_tag, attribs) => {
      const link: sanitizeHtml.Attributes = attribs.src ? { href: attribs.src, rel: LINK_REL } : {};
      return { tagName: 'a', attribs: link, text: attribs.alt || attribs.src || '' };
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

/** Renders Markdown to safe HTML. Pure but for the resolver's lookups. */
export function cook(source: string, resolver: CookResolver): Cooked {
  const tokens = marked.lexer(source);
  const found = collect(tokens);
  const usernames = found.usernames.length ? resolver.existingUsernames(found.usernames) : new Set<string>();
  const resolved = found.refs.length ? resolver.resolveLinks(found.refs) : [];
  const links = new Map(resolved.map((l) => [`${l.type}:${l.id}`, l]));

  current = { usernames, links };
  let html: string;
  try {
    html = marked.parser(tokens);
  } finally {
    current = null;
  }
  return {
    html: sanitizeHtml(html, SANITIZE).trim(),
    mentions: found.usernames.filter((u) => usernames.has(u)),
    links: found.refs.map((r) => links.get(`${r.type}:${r.id}`)).filter((l): l is ResolvedLink => !!l),
  };
}

/** A resolver that knows nobody and nothing: for previews of pure Markdown and for tests. */
export const emptyResolver: CookResolver = {
  existingUsernames: () => new Set(),
  resolveLinks: () => [],
};
