/** The ordinary features of cooking: what a post's author writes is what readers get, made safe. */
import { describe, expect, it, vi } from 'vitest';
import { cook, emptyResolver, type CookResolver, type LinkRef } from '../../server/lib/markdown.ts';

const REL = 'rel="nofollow ugc noopener"';
const USERS = new Set(['ana', 'bea', 'carla']);

function makeResolver() {
  const existingUsernames = vi.fn((candidates: string[]) => new Set(candidates.filter((name) => USERS.has(name))));
  const resolveLinks = vi.fn((refs: LinkRef[]) =>
    refs
      .filter((ref) => ref.type === 'institution' && ref.id !== 404)
      .map((ref) => ({ ...ref, title: `Instituto ${ref.id}`, url: `/knowledge/institutions/${ref.id}` })),
  );
  return { existingUsernames, resolveLinks } satisfies CookResolver;
}

const html = (source: string) => cook(source, makeResolver()).html;

describe('cook: Markdown', () => {
  it('renders emphasis, strong and strikethrough', () => {
    expect(html('*a* _b_ **c** __d__ ~~e~~')).toBe(
      '<p><em>a</em> <em>b</em> <strong>c</strong> <strong>d</strong> <del>e</del></p>',
    );
  });

  it('adds rel="nofollow ugc noopener" to links and keeps their title', () => {
    expect(html('[Minga](https://minga.example/a?b=1&c=2 "Título")')).toBe(
      `<p><a href="https://minga.example/a?b=1&amp;c=2" title="Título" ${REL}>Minga</a></p>`,
    );
    expect(html('[correo](mailto:ana@example.org)')).toBe(`<p><a href="mailto:ana@example.org" ${REL}>correo</a></p>`);
  });

  it('adds rel to links written in HTML, replacing whatever rel and target they had', () => {
    expect(html('<a href="https://minga.example/" rel="opener" target="_blank">x</a>')).toBe(
      `<p><a href="https://minga.example/" ${REL}>x</a></p>`,
    );
  });

  it('autolinks bare URLs (GFM)', () => {
    expect(html('https://minga.example/x y www.minga.example')).toBe(
      `<p><a href="https://minga.example/x" ${REL}>https://minga.example/x</a> y ` +
        `<a href="http://www.minga.example" ${REL}>www.minga.example</a></p>`,
    );
  });

  it('keeps relative same-site links but drops protocol-relative ones', () => {
    expect(html('[hilo](/t/12#post-34)')).toBe(`<p><a href="/t/12#post-34" ${REL}>hilo</a></p>`);
    expect(html('[arriba](#post-3)')).toBe(`<p><a href="#post-3" ${REL}>arriba</a></p>`);
    expect(html('[fuera](//evil.example/)')).toBe(`<p><a ${REL}>fuera</a></p>`);
  });

  it('renders ordered (with start), unordered and nested lists', () => {
    expect(html('3. tres\n4. cuatro')).toBe('<ol start="3">\n<li>tres</li>\n<li>cuatro</li>\n</ol>');
    expect(html('- a\n  - b\n- c')).toBe('<ul>\n<li>a<ul>\n<li>b</li>\n</ul>\n</li>\n<li>c</li>\n</ul>');
  });

  it('renders GFM tables with column alignment', () => {
    expect(html('| Izq | Centro | Der | Nada |\n|:--|:--:|--:|---|\n| 1 | 2 | 3 | 4 |')).toBe(
      '<table>\n<thead>\n<tr>\n' +
        '<th align="left">Izq</th>\n<th align="center">Centro</th>\n<th align="right">Der</th>\n<th>Nada</th>\n' +
        '</tr>\n</thead>\n<tbody><tr>\n' +
        '<td align="left">1</td>\n<td align="center">2</td>\n<td align="right">3</td>\n<td>4</td>\n' +
        '</tr>\n</tbody></table>',
    );
  });

  it('keeps the language class of fenced code and escapes its content', () => {
    expect(html('```ts\nconst a = 1 < 2 && b;\n```')).toBe(
      '<pre><code class="language-ts">const a = 1 &lt; 2 &amp;&amp; b;\n</code></pre>',
    );
    expect(html('```c++\nx\n```')).toBe('<pre><code class="language-c++">x\n</code></pre>');
    expect(html('```\nplain\n```')).toBe('<pre><code>plain\n</code></pre>');
    expect(html('`<b>x</b>`')).toBe('<p><code>&lt;b&gt;x&lt;/b&gt;</code></p>');
  });

  it('renders blockquotes', () => {
    expect(html('> cita\n> **fuerte**')).toBe('<blockquote>\n<p>cita\n<strong>fuerte</strong></p>\n</blockquote>');
  });

  it('keeps the relative link back to the quoted post', () => {
    expect(html('> [Ana](/t/1#post-2) escribió:\n> hola')).toBe(
      `<blockquote>\n<p><a href="/t/1#post-2" ${REL}>Ana</a> escribió:\nhola</p>\n</blockquote>`,
    );
  });

  it('demotes headings by two levels, down to h6', () => {
    expect(html('# a\n## b\n### c\n#### d\n##### e\n###### f')).toBe(
      '<h3>a</h3>\n<h4>b</h4>\n<h5>c</h5>\n<h6>d</h6>\n<h6>e</h6>\n<h6>f</h6>',
    );
    expect(html('<h1>x</h1><h2>y</h2>')).toBe('<h3>x</h3><h4>y</h4>');
    expect(html('Título\n===')).toBe('<h3>Título</h3>');
  });

  it('turns images into plain links to the image, labelled by alt or URL', () => {
    expect(html('![Logo de Minga](https://minga.example/logo.png)')).toBe(
      `<p><a href="https://minga.example/logo.png" ${REL}>Logo de Minga</a></p>`,
    );
    expect(html('![](https://minga.example/logo.png)')).toBe(
      `<p><a href="https://minga.example/logo.png" ${REL}>https://minga.example/logo.png</a></p>`,
    );
    expect(html('<img src="/files/1.png" alt="Plano" width="1000" onerror="x()">')).toBe(`<a href="/files/1.png" ${REL}>Plano</a>`);
    expect(html('![x](https://minga.example/logo.png)')).not.toContain('<img');
  });

  it('keeps the other allowed inline and block elements', () => {
    expect(html('<sup>2</sup> <sub>2</sub> <kbd>Ctrl</kbd> <s>s</s>\nuno<br>dos\n\n---')).toBe(
      '<p><sup>2</sup> <sub>2</sub> <kbd>Ctrl</kbd> <s>s</s>\nuno<br />dos</p>\n<hr />',
    );
  });

  it('drops disallowed tags but keeps their text', () => {
    expect(html('<div>hola <u>mundo</u></div>')).toBe('hola mundo');
  });

  it('returns no mentions or links, and asks nothing, for plain text', () => {
    const resolver = makeResolver();
    expect(cook('Sólo texto.', resolver)).toEqual({ html: '<p>Sólo texto.</p>', text: 'Sólo texto.', mentions: [], links: [] });
    expect(resolver.existingUsernames).not.toHaveBeenCalled();
    expect(resolver.resolveLinks).not.toHaveBeenCalled();
  });

  it('works with the empty resolver', () => {
    expect(cook('@ana [[institution:3]]', emptyResolver)).toEqual({
      html: '<p>@ana <span class="typed-link typed-link-missing">[[institution:3]]</span></p>',
      text: '@ana [[institution:3]]',
      mentions: [],
      links: [],
    });
  });
});

describe('cook: @mentions', () => {
  it('links existing users to /u/<name> and returns them lower-cased, in order, without duplicates', () => {
    const resolver = makeResolver();
    const cooked = cook('@Bea hola @ana y @zoe, otra vez @ANA y @carla', resolver);
    expect(cooked.html).toBe(
      `<p><a class="mention" href="/u/bea" ${REL}>@bea</a> hola <a class="mention" href="/u/ana" ${REL}>@ana</a> y @zoe, ` +
        `otra vez <a class="mention" href="/u/ana" ${REL}>@ana</a> y <a class="mention" href="/u/carla" ${REL}>@carla</a></p>`,
    );
    expect(cooked.mentions).toEqual(['bea', 'ana', 'carla']);
    // One lookup for all candidates, each once, lower-cased.
    expect(resolver.existingUsernames).toHaveBeenCalledTimes(1);
    expect(resolver.existingUsernames).toHaveBeenCalledWith(['bea', 'ana', 'zoe', 'carla']);
  });

  it('leaves unknown users as plain text', () => {
    expect(cook('hola @zoe', makeResolver())).toMatchObject({ html: '<p>hola @zoe</p>', mentions: [] });
  });

  it('works inside emphasis, lists and quotes', () => {
    const cooked = cook('**@ana**\n\n- @bea\n\n> @carla', makeResolver());
    expect(cooked.html).toContain(`<strong><a class="mention" href="/u/ana" ${REL}>@ana</a></strong>`);
    expect(cooked.html).toContain(`<li><a class="mention" href="/u/bea" ${REL}>@bea</a></li>`);
    expect(cooked.html).toContain(`<p><a class="mention" href="/u/carla" ${REL}>@carla</a></p>`);
    expect(cooked.mentions).toEqual(['ana', 'bea', 'carla']);
  });

  it('is not recognised inside code spans or code blocks', () => {
    const resolver = makeResolver();
    const cooked = cook('`@ana` y\n\n```\n@bea\n```\n\n    @carla', resolver);
    expect(cooked.html).toBe('<p><code>@ana</code> y</p>\n<pre><code>@bea\n</code></pre>\n<pre><code>@carla\n</code></pre>');
    expect(cooked.mentions).toEqual([]);
    expect(resolver.existingUsernames).not.toHaveBeenCalled();
  });

  it('is not recognised in email addresses, which stay mailto links', () => {
    const resolver = makeResolver();
    for (const email of ['ana@example.org', 'maria.ana@example.org', 'x_y+z@ana.org', 'ANA@bea.co']) {
      const cooked = cook(`Escribe a ${email}.`, resolver);
      expect(cooked.html).toBe(`<p>Escribe a <a href="mailto:${email}" ${REL}>${email}</a>.</p>`);
      expect(cooked.mentions).toEqual([]);
    }
    expect(resolver.existingUsernames).not.toHaveBeenCalled();
  });

  it('needs 3 to 30 name characters and a clean end', () => {
    const cooked = cook('@an @ana_ @ana-b @bea. @carla!', makeResolver());
    expect(cooked.html).toBe(
      `<p>@an @ana_ @ana-b <a class="mention" href="/u/bea" ${REL}>@bea</a>. ` +
        `<a class="mention" href="/u/carla" ${REL}>@carla</a>!</p>`,
    );
    expect(cooked.mentions).toEqual(['bea', 'carla']);
  });
});

describe('cook: typed links', () => {
  it('renders a resolved typed link with its title and returns it', () => {
    const cooked = cook('Mira [[institution:3]].', makeResolver());
    expect(cooked.html).toBe(
      '<p>Mira <a class="typed-link" data-link-type="institution" data-link-id="3" href="/knowledge/institutions/3" ' +
        `${REL}>Instituto 3</a>.</p>`,
    );
    expect(cooked.links).toEqual([{ type: 'institution', id: 3, title: 'Instituto 3', url: '/knowledge/institutions/3' }]);
  });

  it('renders an unresolved typed link as a span with the literal text', () => {
    const cooked = cook('[[institution:404]] y [[resource:7]]', makeResolver());
    expect(cooked.html).toBe(
      '<p><span class="typed-link typed-link-missing">[[institution:404]]</span> y ' +
        '<span class="typed-link typed-link-missing">[[resource:7]]</span></p>',
    );
    expect(cooked.links).toEqual([]);
  });

  it('looks every distinct ref up once and returns the resolved ones in order of first appearance', () => {
    const resolver = makeResolver();
    const cooked = cook('[[institution:5]] [[institution:404]] [[institution:3]] [[resource:7]] [[institution:5]]', resolver);
    expect(resolver.resolveLinks).toHaveBeenCalledTimes(1);
    expect(resolver.resolveLinks).toHaveBeenCalledWith([
      { type: 'institution', id: 5 },
      { type: 'institution', id: 404 },
      { type: 'institution', id: 3 },
      { type: 'resource', id: 7 },
    ]);
    expect(cooked.links.map((l) => l.id)).toEqual([5, 3]);
    expect(cooked.html.match(/data-link-id="5"/g)).toHaveLength(2);
  });

  it('escapes the resolved title', () => {
    const resolver: CookResolver = {
      existingUsernames: () => new Set(),
      resolveLinks: (refs) => refs.map((ref) => ({ ...ref, title: 'A & B <i>"C"</i>', url: '/knowledge/institutions/1' })),
    };
    expect(cook('[[institution:1]]', resolver).html).toBe(
      `<p><a class="typed-link" data-link-type="institution" data-link-id="1" href="/knowledge/institutions/1" ${REL}>` +
        'A &amp; B &lt;i&gt;"C"&lt;/i&gt;</a></p>',
    );
  });

  it('ignores unknown types, malformed ids and code', () => {
    const resolver = makeResolver();
    const cooked = cook('[[thread:1]] [[institution:x]] [[institution:]] `[[institution:3]]`', resolver);
    expect(cooked.html).toBe('<p>[[thread:1]] [[institution:x]] [[institution:]] <code>[[institution:3]]</code></p>');
    expect(resolver.resolveLinks).not.toHaveBeenCalled();
  });
});
