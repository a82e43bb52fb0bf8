import { describe, expect, it } from 'vitest';
import { anonymiseText, namingNeedles } from '../../server/modules/forget/rewrite.ts';

const names = { username: 'ana_perez', displayName: 'Ana [Pérez]*', label: 'Miembro eliminado' };

describe('anonymising an erased member in others\' texts', () => {
  it('turns their mentions, in any case, into @deleted-member and leaves longer names and addresses alone', () => {
    const text = '@ana_perez gracias. (@Ana_Perez) y @ana_perez2, escribe a x@ana_perez o a @ana_perez-bis; @ana_perez.';
    expect(anonymiseText(text, names)).toBe('@deleted-member gracias. (@deleted-member) y @ana_perez2, escribe a x@ana_perez o a @ana_perez-bis; @deleted-member.');
  });

  it('renames the attribution of a quote, escaped as the client writes it or not', () => {
    const escaped = '> [Ana \\[Pérez\\]\\*](/t/4#post-9) escribió:\n>\n> Hola';
    expect(anonymiseText(escaped, names)).toBe('> [Miembro eliminado](/t/4#post-9) escribió:\n>\n> Hola');
    const plain = '> [Ana Pérez](/t/4#post-9) wrote:';
    expect(anonymiseText(plain, { ...names, displayName: 'Ana Pérez' })).toBe('> [Miembro eliminado](/t/4#post-9) wrote:');
  });

  it('leaves the same name elsewhere (a link that is not a quote) as written', () => {
    expect(anonymiseText('[Ana Pérez](https://example.org)', { ...names, displayName: 'Ana Pérez' })).toBe('[Ana Pérez](https://example.org)');
  });

  it('searches for the mention and both spellings of the attribution', () => {
    expect(namingNeedles(names)).toEqual(['@ana_perez', '[Ana \\[Pérez\\]\\*](/t/', '[Ana [Pérez]*](/t/']);
  });
});
