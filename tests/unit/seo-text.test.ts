import { describe, expect, it } from 'vitest';
import { canonicalUrl, languageAlternates, withLang } from '../../client/src/lib/seo/head.ts';
import { absoluteUrl, breadcrumbJsonLd, jsonLdScript, serializeJsonLd } from '../../client/src/lib/seo/json-ld.ts';
import { plainText, summarize } from '../../client/src/lib/seo/text.ts';

describe('plainText: the words of cooked HTML', () => {
  it('keeps blocks apart, inline markup inside words, and decodes entities once', () => {
    expect(plainText('<p>Hola <strong>mundo</strong></p><p>y <em>for</em>mación</p>')).toBe('Hola mundo y formación');
    expect(plainText('<ul><li>uno</li><li>dos</li></ul><br>tres')).toBe('uno dos tres');
    expect(plainText('<p>1 &lt; 2 &amp;&amp; &quot;sí&quot; &#x1F600; &amp;lt; &bogus;</p>')).toBe('1 < 2 && "sí" 😀 &lt; &bogus;');
    expect(plainText('a<!-- nota -->b <script>alert(1)</script>c')).toBe('a b c');
  });
});

describe('summarize: a description of at most 160 characters', () => {
  it('keeps short text as it is, white space collapsed', () => {
    expect(summarize('  Guía   de\n evaluación ')).toBe('Guía de evaluación');
  });

  it('cuts long text on a word boundary with an ellipsis', () => {
    const words = 'competencias laborales '.repeat(20);
    const cut = summarize(words);
    expect(cut.length).toBeLessThanOrEqual(160);
    expect(cut.endsWith('…')).toBe(true);
    expect(words.startsWith(cut.slice(0, -1))).toBe(true);
    expect(cut.slice(0, -1)).toMatch(/(competencias|laborales)$/);
  });

  it('cuts inside one endless word rather than returning nothing', () => {
    const cut = summarize('x'.repeat(500), 20);
    expect(cut).toBe(`${'x'.repeat(19)}…`);
  });
});

describe('JSON-LD in a script element', () => {
  it('cannot be closed early by the data, and parses back to the same object', () => {
    const data = { '@type': 'Thing', name: 'Cierre </script><script>alert(1)</script> y <!-- comentario' };
    const json = serializeJsonLd(data);
    expect(json).not.toContain('<');
    expect(JSON.parse(json)).toEqual(data);
    const element = jsonLdScript(data);
    expect(element.startsWith('<script type="application/ld+json">')).toBe(true);
    expect(element.match(/<\/script/gi)).toHaveLength(1);
    expect(element.endsWith('</script>')).toBe(true);
  });

  it('leaves out fields that are undefined', () => {
    expect(JSON.parse(serializeJsonLd({ '@type': 'Thing', name: 'a', description: undefined }))).toEqual({ '@type': 'Thing', name: 'a' });
  });
});

describe('addresses', () => {
  it('makes paths absolute on the public address, whatever its trailing slash', () => {
    expect(absoluteUrl('https://minga.example/', '/t/1')).toBe('https://minga.example/t/1');
    expect(absoluteUrl('https://minga.example', 't/1')).toBe('https://minga.example/t/1');
    expect(absoluteUrl('https://minga.example', 'https://other.example/x')).toBe('https://other.example/x');
  });

  it('gives a canonical address without the language query', () => {
    expect(canonicalUrl('https://m.example', '/t/1?lang=pt')).toBe('https://m.example/t/1');
    expect(canonicalUrl('https://m.example', '/t/1?page=2&lang=pt')).toBe('https://m.example/t/1?page=2');
    expect(canonicalUrl('https://m.example', '/t/1?lang=pt&page=2')).toBe('https://m.example/t/1?page=2');
    expect(canonicalUrl('https://m.example', '')).toBe('https://m.example/');
  });

  it('lists the page in each interface language and a default', () => {
    expect(languageAlternates('https://m.example/t/1')).toEqual([
      { hreflang: 'es', href: 'https://m.example/t/1?lang=es' },
      { hreflang: 'pt', href: 'https://m.example/t/1?lang=pt' },
      { hreflang: 'en', href: 'https://m.example/t/1?lang=en' },
      { hreflang: 'x-default', href: 'https://m.example/t/1' },
    ]);
    expect(withLang('https://m.example/t/1?page=2', 'pt')).toBe('https://m.example/t/1?page=2&lang=pt');
  });
});

describe('BreadcrumbList', () => {
  it('numbers the trail and links every crumb but the current page', () => {
    const list = breadcrumbJsonLd('https://m.example', [
      { label: 'Comunidades', href: '/communities' },
      { label: 'Formación dual', href: '/c/dual' },
      { label: 'Un hilo' },
    ]);
    expect(list).toEqual({
      '@context': 'https://schema.org',
      '@type': 'BreadcrumbList',
      itemListElement: [
        { '@type': 'ListItem', position: 1, name: 'Comunidades', item: 'https://m.example/communities' },
        { '@type': 'ListItem', position: 2, name: 'Formación dual', item: 'https://m.example/c/dual' },
        { '@type': 'ListItem', position: 3, name: 'Un hilo' },
      ],
    });
  });
});
