/**
 * Every known XSS vector, cooked, must come out inert: the output is parsed with a real HTML
 * parser (htmlparser2, the one sanitize-html itself uses) and walked, and the raw string is also
 * checked without any parser, so a parser differential cannot hide a payload from both checks.
 */
import { DomUtils, parseDocument } from 'htmlparser2';
import { decodeHTML, decodeHTMLAttribute } from 'entities';
import { describe, expect, it } from 'vitest';
import { cook, type CookResolver } from '../../server/lib/markdown.ts';
import { XSS_VECTORS } from '../fixtures/xss-vectors.ts';

const resolver: CookResolver = {
  existingUsernames: (candidates) => new Set(candidates.filter((name) => name === 'ana')),
  // A hostile title too: titles come from other users' records.
  resolveLinks: (refs) =>
    refs
      .filter((ref) => ref.type === 'institution')
      .map((ref) => ({
        ...ref,
        title: `Institución ${ref.id} <img src=x onerror=alert(1)>`,
        url: `/knowledge/institutions/${ref.id}`,
      })),
};

const ALLOWED_TAGS = new Set([
  'p', 'br', 'hr', 'h3', 'h4', 'h5', 'h6', 'strong', 'em', 'del', 's', 'code', 'pre', 'blockquote',
  'ul', 'ol', 'li', 'a', 'span', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'sup', 'sub', 'kbd',
]);
/** The attributes the policy lets through, per tag; anything else is a failure. */
const ALLOWED_ATTRIBUTES: Record<string, string[]> = {
  a: ['href', 'title', 'rel', 'class', 'data-link-type', 'data-link-id'],
  span: ['class'],
  code: ['class'],
  ol: ['start'],
  th: ['align'],
  td: ['align'],
};
const FORBIDDEN_ATTRIBUTES = new Set(['style', 'srcdoc', 'formaction', 'xlink:href']);
const LINK_REL = 'nofollow ugc noopener';
const SAFE_SCHEMES = new Set(['http', 'https', 'mailto']);

/** What browsers ignore inside a URL (and a little more): C0 controls, space, DEL, C1 controls. */
// eslint-disable-next-line no-control-regex
const IGNORABLE = /[\u0000-\u0020\u007f-\u009f]/g;

/** Every way a browser (or a sloppier decoder) could read this attribute value. */
const readings = (value: string) => [value, decodeHTMLAttribute(value), decodeHTML(value), decodeHTML(decodeHTML(value))];

/** Why this href is unsafe, or null. Relative references without a scheme stay on this site. */
function hrefProblem(value: string): string | null {
  for (const reading of readings(value)) {
    // Browsers read "\" as "/" in http(s) URLs, so "/\host" is protocol-relative.
    const url = reading.replace(IGNORABLE, '').replace(/\\/g, '/').toLowerCase();
    if (url.startsWith('//')) return `protocol-relative href ${JSON.stringify(value)}`;
    const scheme = /^([a-z][a-z0-9+.-]*):/.exec(url)?.[1];
    if (scheme !== undefined && !SAFE_SCHEMES.has(scheme)) return `scheme ${scheme}: in href ${JSON.stringify(value)}`;
  }
  return null;
}

/** Everything wrong with a piece of cooked HTML, as readable strings (empty when it is safe). */
function problemsIn(html: string): string[] {
  const problems: string[] = [];

  // 1. The parsed DOM. Entities are left encoded so we can decode them ourselves, every way.
  const document = parseDocument(html, { decodeEntities: false, lowerCaseTags: true, lowerCaseAttributeNames: true });
  const nodes = DomUtils.findAll(() => true, document.children);
  for (const node of nodes) {
    const tag = node.name;
    if (!ALLOWED_TAGS.has(tag)) problems.push(`element <${tag}>`);
    for (const [name, value] of Object.entries(node.attribs)) {
      if (name.startsWith('on')) problems.push(`event handler ${name} on <${tag}>`);
      if (FORBIDDEN_ATTRIBUTES.has(name)) problems.push(`attribute ${name} on <${tag}>`);
      if (!ALLOWED_ATTRIBUTES[tag]?.includes(name)) problems.push(`attribute ${name} not allowed on <${tag}>`);
      if (name === 'href') {
        const problem = hrefProblem(value);
        if (problem) problems.push(problem);
      }
    }
    if (tag === 'a' && (node.attribs.href !== undefined || node.attribs.rel !== undefined) && node.attribs.rel !== LINK_REL) {
      problems.push(`<a> with rel ${JSON.stringify(node.attribs.rel)}`);
    }
  }
  // Comments, CDATA and processing instructions have no business in the output either.
  const strays = DomUtils.filter((node) => node.type !== 'tag' && node.type !== 'text', document.children);
  for (const stray of strays) problems.push(`${stray.type} node`);

  // 2. The raw string, with no parser at all. Text is escaped, so every "<" must open an allowed tag.
  const collapsed = html.replace(IGNORABLE, '').toLowerCase();
  for (const needle of ['<script', '<svg', '<math', '<iframe', '<style']) {
    if (collapsed.includes(needle)) problems.push(`raw ${needle}`);
  }
  for (const match of html.matchAll(/<\/?([^\s/>]*)/g)) {
    if (!ALLOWED_TAGS.has(match[1]!.toLowerCase())) problems.push(`raw tag opener ${JSON.stringify(match[0])}`);
  }
  // Inside tags (text may innocently say "javascript:"), no script scheme in any reading.
  for (const [tagSource] of html.matchAll(/<[^>"']*(?:"[^"]*"[^>"']*|'[^']*'[^>"']*)*>/g)) {
    for (const reading of readings(tagSource)) {
      const squeezed = reading.replace(IGNORABLE, '').toLowerCase();
      for (const scheme of ['javascript:', 'vbscript:', 'livescript:']) {
        if (squeezed.includes(scheme)) problems.push(`raw ${scheme} in ${JSON.stringify(tagSource)}`);
      }
    }
  }
  return [...new Set(problems)];
}

describe('the XSS checker itself', () => {
  it('passes ordinary cooked HTML', () => {
    expect(problemsIn('<p><a href="/t/1#post-2" rel="nofollow ugc noopener">x</a> <code class="language-js">y</code></p>')).toEqual([]);
    expect(problemsIn('<p><a href="mailto:a@b.org" rel="nofollow ugc noopener">a</a> <a href="#x" rel="nofollow ugc noopener">b</a></p>')).toEqual([]);
  });

  it.each([
    ['<img src=x onerror=alert(1)>'],
    ['<p onclick="alert(1)">x</p>'],
    ['<p style="color:red">x</p>'],
    ['<a href="javas&#x09;cript:alert(1)" rel="nofollow ugc noopener">x</a>'],
    ['<a href="&#106;avascript&colon;alert(1)" rel="nofollow ugc noopener">x</a>'],
    ['<a href=" JAVASCRIPT:alert(1)" rel="nofollow ugc noopener">x</a>'],
    ['<a href="data:text/html,x" rel="nofollow ugc noopener">x</a>'],
    ['<a href="//evil.example" rel="nofollow ugc noopener">x</a>'],
    ['<a href="/\\evil.example" rel="nofollow ugc noopener">x</a>'],
    ['<a href="/t/1">x</a>'],
    ['<a href="/t/1" rel="nofollow">x</a>'],
    ['<a href="/t/1" rel="nofollow ugc noopener" target="_blank">x</a>'],
    ['<p title="javascript:alert(1)">x</p>'],
    ['<svg></svg>'],
    ['<!-- x -->'],
    ['<scr\u0000ipt>'],
  ])('flags %s', (html) => {
    expect(problemsIn(html)).not.toEqual([]);
  });
});

describe('cooking neutralises known XSS vectors', () => {
  it('has a substantial, uniquely named corpus', () => {
    expect(XSS_VECTORS.length).toBeGreaterThanOrEqual(50);
    expect(new Set(XSS_VECTORS.map((v) => v.name)).size).toBe(XSS_VECTORS.length);
  });

  it.each(XSS_VECTORS)('$name', ({ markdown }) => {
    const { html } = cook(markdown, resolver);
    expect(problemsIn(html), html).toEqual([]);
  });

  it.each(XSS_VECTORS)('$name, cooked twice (stored HTML re-cooked, e.g. a quote)', ({ markdown }) => {
    const { html } = cook(cook(markdown, resolver).html, resolver);
    expect(problemsIn(html), html).toEqual([]);
  });
});
