import { describe, expect, it } from 'vitest';
import type { Post, ThreadPage } from '../../shared/schemas/discussions.ts';
import type { Experience, InstitutionDetail, Profile, Resource, Specialist } from '../../shared/schemas/knowledge.ts';
import type { PublicUser } from '../../shared/schemas/users.ts';
import type { Workshop } from '../../shared/schemas/workshops.ts';
import { threadJsonLd } from '../../client/src/lib/seo/discussions.ts';
import {
  experienceJsonLd,
  institutionJsonLd,
  knowledgeDescription,
  knowledgeLanguage,
  profileJsonLd,
  resourceJsonLd,
  specialistJsonLd,
} from '../../client/src/lib/seo/knowledge.ts';
import { userProfileJsonLd } from '../../client/src/lib/seo/users.ts';
import { workshopJsonLd } from '../../client/src/lib/seo/workshops.ts';

const BASE = 'https://minga.example';
const ana = { id: 1, username: 'ana_docente', displayName: 'Ana Souza' };
const jose = { id: 2, username: 'jose_formador', displayName: 'José Ramírez' };
const card = (person: typeof ana) => ({ ...person, institution: null, country: null, specialist: false });

function post(id: number, author: typeof ana, bodyHtml: string, extra: Partial<Post> = {}): Post {
  return {
    id,
    threadId: 10,
    number: id,
    authorId: author.id,
    author: card(author),
    bodyHtml,
    createdAt: `2026-03-0${id}T10:00:00.000Z`,
    editedAt: null,
    deleted: false,
    hidden: false,
    replyToPostId: null,
    replyTo: null,
    reactions: [
      { kind: 'like', count: id, reacted: false },
      { kind: 'thanks', count: 1, reacted: false },
    ],
    revisionCount: 0,
    canEdit: false,
    ...extra,
  };
}

function threadPage(kind: 'discussion' | 'question', posts: Post[], acceptedPost: Post | null = null): ThreadPage {
  return {
    thread: {
      id: 10,
      forumId: 3,
      title: '¿Cómo evaluar </script> competencias?',
      kind,
      language: 'es',
      authorId: ana.id,
      author: ana,
      postCount: posts.length,
      lastPostAt: '2026-03-05T10:00:00.000Z',
      createdAt: '2026-03-01T10:00:00.000Z',
      pinned: false,
      locked: false,
      hidden: false,
      acceptedPostId: acceptedPost?.id ?? null,
      firstPostId: 1,
      watching: 'none',
    },
    posts,
    nextCursor: null,
    acceptedPost,
    forum: { id: 3, name: 'Evaluación' },
    community: { slug: 'dual', name: 'Formación dual', visibility: 'public' },
    permissions: { canReply: false, replyBlockedReason: 'anonymous', canModerate: false, canAccept: false, canReact: false },
    links: [],
    highestNumber: posts.length,
  };
}

describe('a thread as DiscussionForumPosting', () => {
  const page = threadPage('discussion', [
    post(1, ana, '<p>Busco <strong>ejemplos</strong> de rúbricas.</p>'),
    post(2, jose, '<p>Mira la guía &amp; el manual.</p>', { editedAt: '2026-03-06T10:00:00.000Z' }),
    post(3, jose, '', { hidden: true }),
  ]);
  const data = threadJsonLd(BASE, page);

  it('has the headline, the first post as text, the author, dates and the address', () => {
    expect(data).toMatchObject({
      '@context': 'https://schema.org',
      '@type': 'DiscussionForumPosting',
      headline: '¿Cómo evaluar </script> competencias?',
      text: 'Busco ejemplos de rúbricas.',
      url: 'https://minga.example/t/10',
      author: { '@type': 'Person', name: 'Ana Souza', url: 'https://minga.example/u/ana_docente' },
      datePublished: '2026-03-01T10:00:00.000Z',
      dateModified: '2026-03-05T10:00:00.000Z',
      inLanguage: 'es',
    });
  });

  it('counts replies and likes', () => {
    expect(data.interactionStatistic).toEqual([
      { '@type': 'InteractionCounter', interactionType: 'https://schema.org/CommentAction', userInteractionCount: 2 },
      { '@type': 'InteractionCounter', interactionType: 'https://schema.org/LikeAction', userInteractionCount: 2 },
    ]);
  });

  it('lists the readable replies on the page as comments, hidden ones left out', () => {
    expect(data.comment).toEqual([
      {
        '@type': 'Comment',
        text: 'Mira la guía & el manual.',
        author: { '@type': 'Person', name: 'José Ramírez', url: 'https://minga.example/u/jose_formador' },
        datePublished: '2026-03-02T10:00:00.000Z',
        dateModified: '2026-03-06T10:00:00.000Z',
        url: 'https://minga.example/t/10#post-2',
        interactionStatistic: { '@type': 'InteractionCounter', interactionType: 'https://schema.org/LikeAction', userInteractionCount: 3 },
      },
    ]);
  });
});

describe('a question as QAPage', () => {
  const accepted = post(3, jose, '<p>Use una <em>rúbrica</em> analítica.</p>');
  const page = threadPage('question', [post(1, ana, '<p>¿Qué instrumento?</p>'), post(2, jose, '<p>Depende.</p>'), accepted], accepted);
  const data = threadJsonLd(BASE, page);

  it('names the question with its answer count and accepted answer', () => {
    expect(data['@type']).toBe('QAPage');
    expect(data.mainEntity).toMatchObject({
      '@type': 'Question',
      name: '¿Cómo evaluar </script> competencias?',
      text: '¿Qué instrumento?',
      answerCount: 2,
      author: { name: 'Ana Souza' },
      acceptedAnswer: {
        '@type': 'Answer',
        text: 'Use una rúbrica analítica.',
        url: 'https://minga.example/t/10#post-3',
        upvoteCount: 4,
        author: { name: 'José Ramírez' },
      },
    });
    const suggested = (data.mainEntity as { suggestedAnswer: { text: string }[] }).suggestedAnswer;
    expect(suggested.map((answer) => answer.text)).toEqual(['Depende.']);
  });

  it('stays a discussion while nobody has answered', () => {
    expect(threadJsonLd(BASE, threadPage('question', [post(1, ana, '<p>¿Alguien?</p>')]))['@type']).toBe('DiscussionForumPosting');
  });
});

describe('knowledge records', () => {
  const institution = { id: 7, acronym: 'UTU', name: 'Universidad del Trabajo del Uruguay' };

  it('a resource is a LearningResource from its institution', () => {
    const resource: Resource = {
      id: 5,
      title: 'Guía de evaluación',
      summary: 'Cómo preparar una evaluación.',
      type: 'guide',
      languages: ['es', 'pt'],
      countryCode: 'UY',
      institution,
      authors: ['Ana Suárez'],
      year: 2021,
      sector: 'P',
      topics: ['rpl'],
      audiences: [],
      modality: null,
      format: null,
      licence: null,
      url: 'https://utu.example/guia',
      file: null,
      updatedAt: '2026-01-01T00:00:00.000Z',
    };
    const labels = (scheme: string, code: string) => `${scheme}:${code}`;
    expect(resourceJsonLd(BASE, resource, labels)).toMatchObject({
      '@type': 'LearningResource',
      name: 'Guía de evaluación',
      description: 'Cómo preparar una evaluación.',
      url: 'https://minga.example/knowledge/resources/5',
      learningResourceType: 'resource_type:guide',
      inLanguage: ['es', 'pt'],
      author: [{ '@type': 'Person', name: 'Ana Suárez' }],
      publisher: { '@type': 'EducationalOrganization', name: institution.name, url: 'https://minga.example/knowledge/institutions/7' },
      dateCreated: '2021',
      keywords: ['theme:rpl'],
      sameAs: 'https://utu.example/guia',
    });
  });

  it('a specialist is a Person with job title, affiliation and what they know about', () => {
    const specialist: Specialist = {
      id: 4,
      name: 'Carlos Mendoza',
      institution,
      countryCode: 'PE',
      expertise: ['curricula'],
      languages: ['es'],
      summary: 'Diseño curricular.',
      cv: {},
      availability: [],
      user: { id: 9, username: 'carlos', displayName: 'Carlos Mendoza' },
      answers: { total: 0, accepted: 0 },
      answered: [],
      updatedAt: '2026-01-01T00:00:00.000Z',
    };
    expect(specialistJsonLd(BASE, specialist, 'Especialista', (_s, code) => code.toUpperCase())).toMatchObject({
      '@type': 'Person',
      name: 'Carlos Mendoza',
      jobTitle: 'Especialista',
      affiliation: { '@type': 'EducationalOrganization', name: institution.name },
      knowsAbout: ['CURRICULA'],
      url: 'https://minga.example/knowledge/specialists/4',
      sameAs: 'https://minga.example/u/carlos',
    });
  });

  it('an institution is an EducationalOrganization with its country', () => {
    const detail: InstitutionDetail = {
      ...institution,
      countryCode: 'UY',
      kind: 'constituent',
      type: null,
      website: 'https://utu.edu.uy',
      city: 'Montevideo',
      founded: 1878,
      description: 'Educación técnica.',
      counts: { resources: 0, experiences: 0, profiles: 0, specialists: 0, members: 0 },
    };
    expect(institutionJsonLd(BASE, detail)).toMatchObject({
      '@type': 'EducationalOrganization',
      name: institution.name,
      alternateName: 'UTU',
      address: { '@type': 'PostalAddress', addressCountry: 'UY', addressLocality: 'Montevideo' },
      foundingDate: '1878',
      sameAs: 'https://utu.edu.uy',
    });
  });
});

describe('experiences and occupational profiles', () => {
  const experience: Experience = {
    id: 3,
    title: 'Aulas móviles',
    summary: 'Talleres en camiones.',
    theme: 'ict',
    institution: null,
    countryCode: 'UY',
    startYear: 2019,
    endYear: null,
    partners: ['MTSS'],
    results: '',
    languages: ['es', 'pt'],
    sector: null,
    resources: [],
    updatedAt: '2026-01-01T00:00:00.000Z',
  };
  const profile: Profile = {
    id: 6,
    nationalCode: 'SENA-123',
    title: 'Soldador MIG',
    sector: 'C',
    subsector: null,
    countryCode: 'CO',
    institution: null,
    level: '3',
    iscoCode: '7212',
    purpose: 'Unir piezas metálicas con soldadura MIG.',
    units: [{ code: 'U1', title: 'Preparar el equipo', criteria: [] }],
    curriculum: [],
    evaluation: '',
    validatedBy: null,
    validatedYear: null,
    language: 'es',
    updatedAt: '2026-01-01T00:00:00.000Z',
  };

  it('an experience is a CreativeWork with its period and partners', () => {
    expect(experienceJsonLd(BASE, experience)).toMatchObject({
      '@type': 'CreativeWork',
      name: 'Aulas móviles',
      temporalCoverage: '2019/..',
      contributor: [{ '@type': 'Organization', name: 'MTSS' }],
    });
  });

  it('a profile is the Occupation it describes, with its ISCO code and units as skills', () => {
    expect(profileJsonLd(BASE, profile)).toMatchObject({
      '@type': 'Occupation',
      name: 'Soldador MIG',
      description: 'Unir piezas metálicas con soldadura MIG.',
      occupationalCategory: { '@type': 'CategoryCode', codeValue: '7212', inCodeSet: 'ISCO-08' },
      skills: ['Preparar el equipo'],
    });
  });

  it('describes each record by its own summary and names its language only when it has one', () => {
    expect(knowledgeDescription(profile)).toBe('Unir piezas metálicas con soldadura MIG.');
    expect(knowledgeDescription(experience)).toBe('Talleres en camiones.');
    expect(knowledgeLanguage(profile)).toBe('es');
    expect(knowledgeLanguage(experience)).toBeNull();
    expect(knowledgeLanguage({ ...experience, languages: ['pt'] })).toBe('pt');
  });
});

describe('a workshop as an online Event', () => {
  const workshop = {
    id: 8,
    community: { id: 1, slug: 'dual', name: 'Formación dual', visibility: 'public' },
    title: 'Taller de rúbricas',
    description: 'Rúbricas **analíticas**',
    descriptionHtml: '<p>Rúbricas <strong>analíticas</strong></p>',
    kind: 'workshop',
    startsAt: '2026-04-01T14:00:00.000Z',
    endsAt: '2026-04-01T16:00:00.000Z',
    language: 'es',
    capacity: 30,
    videoUrl: null,
    status: 'upcoming',
    hosts: [ana],
    registrationCount: 12,
    publishedThreadId: null,
    createdAt: '2026-03-01T00:00:00.000Z',
  } as unknown as Workshop;

  it('happens online, in its own room, organized by the community', () => {
    expect(workshopJsonLd(BASE, workshop)).toMatchObject({
      '@type': 'Event',
      name: 'Taller de rúbricas',
      description: 'Rúbricas analíticas',
      startDate: '2026-04-01T14:00:00.000Z',
      endDate: '2026-04-01T16:00:00.000Z',
      eventAttendanceMode: 'https://schema.org/OnlineEventAttendanceMode',
      location: { '@type': 'VirtualLocation', url: 'https://minga.example/w/8' },
      organizer: { '@type': 'Organization', name: 'Formación dual', url: 'https://minga.example/c/dual' },
      performer: [{ '@type': 'Person', name: 'Ana Souza' }],
      maximumAttendeeCapacity: 30,
      remainingAttendeeCapacity: 18,
    });
  });
});

describe('a member profile', () => {
  it('is a ProfilePage about the Person', () => {
    const user: PublicUser = {
      ...ana,
      role: 'member',
      institution: null,
      country: null,
      languages: ['pt'],
      bio: 'Docente.',
      specialist: false,
      createdAt: '2025-01-01T00:00:00.000Z',
    };
    expect(userProfileJsonLd(BASE, user)).toMatchObject({
      '@type': 'ProfilePage',
      mainEntity: { '@type': 'Person', name: 'Ana Souza', alternateName: 'ana_docente', url: 'https://minga.example/u/ana_docente' },
    });
  });
});
