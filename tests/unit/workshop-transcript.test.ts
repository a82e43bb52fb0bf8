import { describe, expect, it } from 'vitest';
import { sharedLinks, transcriptMarkdown } from '../../server/modules/workshops/transcript.ts';
import type { MessageWithAuthor, QuestionWithPeople } from '../../server/modules/workshops/repository.ts';

const ana = { id: 1, username: 'ana', displayName: 'Ana Souza' };
const host = { id: 2, username: 'lucia', displayName: 'Lucía' };
const message = (id: number, body: string): MessageWithAuthor => ({
  id,
  workshopId: 9,
  authorId: ana.id,
  author: ana,
  body,
  bodyHtml: '',
  createdAt: new Date(Date.UTC(2030, 5, 15, 13, id)),
  deletedAt: null,
});

describe('resources shared in a session', () => {
  it('are found as typed links and as knowledge URLs, once each, in order of first mention', () => {
    expect(
      sharedLinks([
        'Miren [[resource:12]] y https://minga.example/knowledge/profiles/7 también',
        'Otra vez [[resource:12]], y /knowledge/resources/3.',
        '[[workshop:4]] no es un recurso; /knowledge/resources/abc tampoco',
      ]),
    ).toEqual(['[[resource:12]]', '[[profile:7]]', '[[resource:3]]']);
  });
});

describe('the transcript as a thread', () => {
  it('links the workshop, keeps every message in order as quotes, lists questions with answers and the resources', () => {
    const questions: QuestionWithPeople[] = [
      {
        id: 1, workshopId: 9, authorId: ana.id, author: ana, body: '¿Cuántas evidencias?', bodyHtml: '', voteCount: 3,
        answeredAt: new Date(), answeredById: host.id, answeredBy: host, answer: 'Dos por unidad.', answerHtml: '', createdAt: new Date(),
      },
    ];
    const text = transcriptMarkdown(
      { id: 9, kind: 'workshop', startsAt: new Date(Date.UTC(2030, 5, 15, 13)), language: 'es' },
      [message(1, 'Primero'), message(2, 'Segundo\n# no es un título'), message(3, 'Tercero con [[resource:5]]')],
      questions,
    );
    expect(text).toContain('[[workshop:9]]');
    expect(text.indexOf('Primero')).toBeLessThan(text.indexOf('Segundo'));
    expect(text.indexOf('Segundo')).toBeLessThan(text.indexOf('Tercero'));
    // A message's own Markdown stays inside its quote.
    expect(text).toContain('> # no es un título');
    expect(text).toContain('**Ana Souza** (3 votos): ¿Cuántas evidencias?');
    expect(text).toContain('Respuesta de Lucía: Dos por unidad.');
    expect(text.slice(text.indexOf('## Recursos compartidos'))).toContain('- [[resource:5]]');
  });

  it('stays within a post’s length and says where the rest is', () => {
    const long = Array.from({ length: 400 }, (_, i) => message(i + 1, `Mensaje ${i} ${'x'.repeat(200)}`));
    const text = transcriptMarkdown({ id: 9, kind: 'workshop', startsAt: new Date(), language: 'en' }, long, []);
    expect(text.length).toBeLessThanOrEqual(50_000);
    // The latest messages are kept; a note before them says where the earlier ones are.
    expect(text).toMatch(/… \d+ earlier messages are in the \[workshop’s transcript\]\(\/w\/9\)/);
    expect(text).toContain('Mensaje 399 ');
    expect(text).not.toContain('Mensaje 0 ');
  });

  it('stays within a post’s length whatever the session held: questions and resources are cut last', () => {
    const questions: QuestionWithPeople[] = Array.from({ length: 60 }, (_, i) => ({
      id: i + 1, workshopId: 9, authorId: ana.id, author: ana, body: `Pregunta ${i} ${'q'.repeat(1990)}`, bodyHtml: '', voteCount: 60 - i,
      answeredAt: new Date(), answeredById: host.id, answeredBy: host, answer: 'a'.repeat(2000), answerHtml: '', createdAt: new Date(),
    }));
    const linky = Array.from({ length: 50 }, (_, m) =>
      message(m + 1, Array.from({ length: 95 }, (_, i) => `[[resource:${100_000 + m * 100 + i}]]`).join(' ')),
    );
    const text = transcriptMarkdown({ id: 9, kind: 'workshop', startsAt: new Date(), language: 'es' }, linky, questions);
    expect(text.length).toBeLessThanOrEqual(50_000);
    expect(text).toContain('[[workshop:9]]');
    expect(text).toMatch(/… y \d+ recursos más, citados en la \[transcripción del taller\]\(\/w\/9\)/);
    expect(text).toMatch(/… \d+ preguntas más están en la \[transcripción del taller\]\(\/w\/9\)/);
    expect(text).toMatch(/… \d+ mensajes anteriores están en la \[transcripción del taller\]/);
  });
});
