/**
 * What a member wrote in a reply by email, as mail clients really send it: the quote of the
 * mail they answer (with its attribution in Spanish, Portuguese or English, wrapped or not),
 * Outlook's and Gmail's separators, `>` lines and signatures go; their Markdown stays.
 */
import { describe, expect, it } from 'vitest';
import { parseInboundAddress } from '../../server/modules/inbound-mail/addresses.ts';
import { trimReply } from '../../server/modules/inbound-mail/trim.ts';

const QUOTED = ['> Hola, Ana:', '>', '> Hay una respuesta nueva en «Rúbricas para competencias».', '> Responda a este correo para contestar.'].join('\n');

describe('trimming a reply by email', () => {
  it('Spanish Gmail: "El … escribió:" wrapped over two lines, then the quote', () => {
    const body = [
      'Gracias por la pregunta. En el **INFOTEP** usamos:',
      '',
      '- rúbricas analíticas',
      '- portafolios',
      '',
      'El lun, 7 dic 2026 a las 10:15, Minga (Formación dual) <',
      'minga@example.org> escribió:',
      '',
      QUOTED,
    ].join('\r\n');
    expect(trimReply(body)).toBe('Gracias por la pregunta. En el **INFOTEP** usamos:\n\n- rúbricas analíticas\n- portafolios');
  });

  it('Portuguese: "Em … escreveu:" on one line', () => {
    const body = 'Concordo. Vejam o [[resource:12]].\n\nEm seg., 7 de dez. de 2026 às 10:15, Minga <minga@example.org> escreveu:\n\n' + QUOTED;
    expect(trimReply(body)).toBe('Concordo. Vejam o [[resource:12]].');
  });

  it('English Apple Mail: "On … wrote:" and a phone signature', () => {
    const body = 'Sounds good, @maria will share the template.\n\nSent from my iPhone\n\nOn Dec 7, 2026, at 10:15, Minga <minga@example.org> wrote:\n\n' + QUOTED;
    expect(trimReply(body)).toBe('Sounds good, @maria will share the template.');
  });

  it('Outlook (English): the "From: … Sent: …" header block', () => {
    const body = [
      'We tried it in 2024; it worked.',
      '',
      '________________________________',
      'From: Minga <minga@example.org>',
      'Sent: Monday, December 7, 2026 10:15 AM',
      'To: Ana Pérez <ana@infotep.example>',
      'Subject: Re: Rúbricas para competencias',
      '',
      'Hola, Ana:',
    ].join('\n');
    expect(trimReply(body)).toBe('We tried it in 2024; it worked.');
  });

  it('Outlook (Spanish): "De: … Enviado: …" without the underscores, and the original-message rule', () => {
    const spanish = 'Sí, en SENA también.\n\nDe: Minga <minga@example.org>\nEnviado: lunes, 7 de diciembre de 2026 10:15\nPara: Ana\nAsunto: Rúbricas\n\nHola';
    expect(trimReply(spanish)).toBe('Sí, en SENA también.');
    const original = 'Agreed.\n\n-----Original Message-----\nFrom: Minga [mailto:minga@example.org]\nSent: Monday\n\nHello';
    expect(trimReply(original)).toBe('Agreed.');
  });

  it('Gmail forwarded-message separator and the "-- " signature delimiter', () => {
    expect(trimReply('Miren esto.\n\n---------- Forwarded message ---------\nFrom: Minga <minga@example.org>\nDate: Mon')).toBe('Miren esto.');
    expect(trimReply('Saludos cordiales\n-- \nAna Pérez\nINFOTEP · Santo Domingo')).toBe('Saludos cordiales');
  });

  it('drops interleaved `>` lines and keeps the member’s Markdown as typed', () => {
    const body = '> ¿Cuántas horas?\nUnas **40 horas**.\n\n```\ncódigo  con  espacios\n```\n\n> ¿Y la evaluación?\n1. Práctica\n2. Teoría';
    expect(trimReply(body)).toBe('Unas **40 horas**.\n\n```\ncódigo  con  espacios\n```\n\n1. Práctica\n2. Teoría');
  });

  it('a sentence that merely begins like an attribution is kept', () => {
    expect(trimReply('On Monday we meet at 10.\nEl taller fue útil.')).toBe('On Monday we meet at 10.\nEl taller fue útil.');
  });

  it('a reply that is only quote is empty', () => {
    expect(trimReply('\n\nOn Mon, Dec 7, 2026 at 10:15 AM Minga <minga@example.org> wrote:\n' + QUOTED)).toBe('');
  });
});

describe('inbound addresses', () => {
  const key = '0123456789abcdef0123456789abcdef';
  it('takes reply+, bounce+ and unsubscribe+ addresses at the reply domain only', () => {
    expect(parseInboundAddress(`reply+${key}@example.org`, 'example.org')).toEqual({ kind: 'reply', key });
    expect(parseInboundAddress(`BOUNCE+${key.toUpperCase()}@Example.ORG`, 'example.org')).toEqual({ kind: 'bounce', key });
    expect(parseInboundAddress(`reply+${key}@elsewhere.org`, 'example.org')).toBeNull();
    // An unsubscribe token is signed base64url: its case is kept (the service checks the signature).
    expect(parseInboundAddress('unsubscribe+12.digest.AbC-_x@example.org', 'example.org')).toEqual({ kind: 'unsubscribe', key: '12.digest.AbC-_x' });
    expect(parseInboundAddress('unsubscribe+12.digest.AbC@elsewhere.org', 'example.org')).toBeNull();
    expect(parseInboundAddress('unsubscribe+a b@example.org', 'example.org')).toBeNull();
    expect(parseInboundAddress('reply+short@example.org', 'example.org')).toBeNull();
    expect(parseInboundAddress('postmaster@example.org', 'example.org')).toBeNull();
  });
});
