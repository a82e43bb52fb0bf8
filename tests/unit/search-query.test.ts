import { describe, expect, it } from 'vitest';
import { parseQuery, toFtsMatch } from '../../server/modules/search/query.ts';
import { highlightAll, needlesOf, snippet } from '../../server/modules/search/highlight.ts';

const fts = (q: string) => toFtsMatch(parseQuery(q));

describe('search query language', () => {
  it('requires every plain word, the last one as a prefix', () => {
    expect(fts('formacion dual')).toBe('"formacion" "dual"*');
    expect(parseQuery('formacion dual').terms).toEqual([
      { words: ['formacion'], kind: 'word' },
      { words: ['dual'], kind: 'prefix' },
    ]);
  });

  it('reads exact phrases, explicit prefixes and exclusions', () => {
    expect(fts('"educación técnica" soldad*')).toBe('"educación técnica" "soldad"*');
    expect(fts('tornería -cnc')).toBe('("tornería") NOT "cnc"');
    expect(fts('tornería -"control numérico" -cnc')).toBe('(("tornería") NOT "control numérico") NOT "cnc"');
    expect(fts('-solo')).toBeNull();
  });

  it('takes filters out of the text, and a filter ends the word being typed', () => {
    const q = parseQuery('rúbricas type:thread country:uy language:PT community:Formacion-Dual author:Ana_1 solved:yes');
    expect(q.filters).toEqual({ type: 'thread', country: 'UY', language: 'pt', community: 'formacion-dual', author: 'ana_1', solved: true });
    expect(q.terms).toEqual([{ words: ['rúbricas'], kind: 'word' }]);
    for (const type of ['post', 'resource', 'experience', 'profile', 'specialist', 'institution']) {
      expect(parseQuery(`x type:${type}`).filters.type).toBe(type);
    }
  });

  it('reads an unknown filter or a bad value as plain words', () => {
    expect(fts('type:foo xy')).toBe('"type" "foo" "xy"*');
    expect(fts('country:URY')).toBe('"country" "URY"*');
    expect(parseQuery('language:fr').filters).toEqual({});
  });

  it('turns anything FTS5 would reject into quoted words, never an error', () => {
    expect(fts('"')).toBeNull();
    expect(fts('*')).toBeNull();
    expect(fts('NEAR(a bc)')).toBe('"NEAR" "a" "bc"*');
    expect(fts('AND OR')).toBe('"AND" "OR"*');
    expect(fts('a\u0000b\u0007cd\u202e')).toBe('"a" "b" "cd"*');
    expect(fts('"unclosed phrase')).toBe('"unclosed" "phrase"*');
    expect(fts('^x:y {z} (wv) + ~')).toBe('"x" "y" "z" "wv"*');
    expect(fts('it"s')).toBe('"it" "s"');
  });

  it('bounds the cost: a prefix needs two letters, at most three prefixes', () => {
    // The word being typed is a prefix from two letters on; one letter is a plain word.
    expect(fts('formación d')).toBe('"formación" "d"');
    expect(fts('formación de')).toBe('"formación" "de"*');
    expect(fts('ab* cd* ef*')).toBe('"ab"* "cd"* "ef"*');
    for (const q of ['a*', 'a* e* o*', 'formación x*', 'é*']) {
      expect(() => parseQuery(q), q).toThrowError(expect.objectContaining({ code: 'SEARCH_PREFIX_TOO_SHORT', field: 'q' }));
    }
    expect(() => parseQuery('ab* cd* ef* gh*')).toThrowError(expect.objectContaining({ code: 'SEARCH_TOO_MANY_PREFIXES', field: 'q' }));
    // The word being typed after three prefixes is matched whole rather than refused.
    expect(fts('ab* cd* ef* ghi')).toBe('"ab"* "cd"* "ef"* "ghi"');
  });

  it('refuses more than 500 characters as a validation error on q', () => {
    expect(() => parseQuery('a'.repeat(500))).not.toThrow();
    expect(() => parseQuery('a'.repeat(501))).toThrowError(expect.objectContaining({ code: 'VALIDATION_FAILED', field: 'q' }));
  });

  it('escapes snippet text and marks only the matching words, folded like the index', () => {
    const needles = needlesOf(parseQuery('script educacao').terms);
    expect(highlightAll('a <script> & "b" EDUCAÇÃO', needles)).toBe(
      'a &lt;<mark>script</mark>&gt; &amp; &quot;b&quot; <mark>EDUCAÇÃO</mark>',
    );
    expect(highlightAll('<img src=x onerror=alert(1)>', needlesOf(parseQuery('onerror').terms))).toBe(
      '&lt;img src=x <mark>onerror</mark>=alert(1)&gt;',
    );
  });

  it('cuts a snippet around the densest matches, with ellipses where text was cut', () => {
    const words = Array.from({ length: 60 }, (_, i) => `w${i}`);
    words[40] = 'Formación';
    words[42] = 'dual';
    const text = words.join(' ');
    const cut = snippet(text, needlesOf(parseQuery('formacion dual').terms), 10)!;
    expect(cut).toBe('…w37 w38 w39 <mark>Formación</mark> w41 <mark>dual</mark> w43 w44 w45 w46…');
    expect(snippet('nothing here', needlesOf(parseQuery('formacion').terms))).toBeNull();
    // The last plain word is a prefix, like in the index.
    expect(snippet('duales', needlesOf(parseQuery('formacion dual').terms))).toBe('<mark>duales</mark>');
  });
});
