import { describe, expect, it } from 'vitest';
import { parseQuery, toFtsMatch } from '../../server/modules/search/query.ts';
import { snippetHtml } from '../../server/modules/search/service.ts';

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
    expect(fts('type:foo x')).toBe('"type" "foo" "x"*');
    expect(fts('country:URY')).toBe('"country" "URY"*');
    expect(parseQuery('language:fr').filters).toEqual({});
  });

  it('turns anything FTS5 would reject into quoted words, never an error', () => {
    expect(fts('"')).toBeNull();
    expect(fts('*')).toBeNull();
    expect(fts('NEAR(a b)')).toBe('"NEAR" "a" "b"*');
    expect(fts('AND OR')).toBe('"AND" "OR"*');
    expect(fts('a\u0000b\u0007c\u202e')).toBe('"a" "b" "c"*');
    expect(fts('"unclosed phrase')).toBe('"unclosed" "phrase"*');
    expect(fts('^x:y {z} (w) + ~')).toBe('"x" "y" "z" "w"*');
    expect(fts('it"s')).toBe('"it" "s"*');
  });

  it('refuses more than 500 characters as a validation error on q', () => {
    expect(() => parseQuery('a'.repeat(500))).not.toThrow();
    expect(() => parseQuery('a'.repeat(501))).toThrowError(expect.objectContaining({ code: 'VALIDATION_FAILED', field: 'q' }));
  });

  it('escapes snippet text and marks only the sentinels', () => {
    expect(snippetHtml('a \u0001<script>\u0002 & "b"')).toBe('a <mark>&lt;script&gt;</mark> &amp; &quot;b&quot;');
  });
});
