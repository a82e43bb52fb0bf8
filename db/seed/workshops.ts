/**
 * Demo workshops, placed around the moment of seeding (unlike the forums' fixed calendar, a
 * workshop is only "upcoming" or "live" relative to now): some upcoming, one live now with
 * its room open, and some past ones whose transcript holds messages, questions and answers.
 * Each sits in the community whose theme it is about, in a language that community uses.
 */
import { and, asc, eq, inArray } from 'drizzle-orm';
import { transaction } from '../access.ts';
import type { Db } from '../client.ts';
import {
  communities,
  communityMembers,
  users,
  workshopHosts,
  workshopMessages,
  workshopQuestions,
  workshopRegistrations,
  workshops,
  workshopVotes,
} from '../schema/index.ts';
import { cook, emptyResolver } from '../../server/lib/markdown.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

type Kind = 'workshop' | 'meeting' | 'seminar';
interface Plan {
  /** The community it belongs to (its slug in forums/communities.ts). */
  community: string;
  title: string;
  description: string;
  kind: Kind;
  language: 'es' | 'pt' | 'en';
  /** Start, from now. */
  offset: number;
  hours: number;
  capacity: number | null;
  /** Indices into the chat lines below: how much of a conversation the session had. */
  chat: number;
  questions: number;
}

const PLANS: Plan[] = [
  { community: 'formacion-por-competencias', title: 'Sesión en vivo: evaluar competencias con rúbricas compartidas', description: 'Revisamos **rúbricas** reales de tres institutos y acordamos criterios comunes.', kind: 'workshop', language: 'es', offset: -40 * MINUTE, hours: 2, capacity: null, chat: 8, questions: 3 },
  { community: 'formacion-por-competencias', title: 'Taller: diseño de módulos a partir del perfil profesional', description: 'Del análisis funcional al módulo formativo, paso a paso.', kind: 'workshop', language: 'es', offset: 2 * DAY, hours: 2, capacity: 40, chat: 0, questions: 0 },
  { community: 'formacion-dual', title: 'Reunión técnica: tutores de empresa en la formación dual', description: 'Intercambio entre coordinadores de alternancia.', kind: 'meeting', language: 'es', offset: 5 * DAY + 3 * HOUR, hours: 1.5, capacity: 25, chat: 0, questions: 0 },
  { community: 'reconocimiento-de-aprendizajes', title: 'Seminário: reconhecimento de saberes no Brasil e em Portugal', description: 'Experiências de certificação profissional dos dois lados do Atlântico.', kind: 'seminar', language: 'pt', offset: 9 * DAY, hours: 3, capacity: null, chat: 0, questions: 0 },
  { community: 'competencias-verdes', title: 'Seminar: green skills in vocational training', description: 'How Caribbean and Latin American institutes update their programmes.', kind: 'seminar', language: 'en', offset: 16 * DAY, hours: 2, capacity: 100, chat: 0, questions: 0 },
  { community: 'reconocimiento-de-aprendizajes', title: 'Taller: portafolios de evidencias para la certificación', description: 'Qué evidencias pedir y cómo valorarlas.', kind: 'workshop', language: 'es', offset: -6 * DAY, hours: 2, capacity: 30, chat: 10, questions: 3 },
  { community: 'calidad-de-la-formacion', title: 'Reunión técnica: indicadores de inserción laboral', description: 'Qué medimos seis meses después del egreso.', kind: 'meeting', language: 'es', offset: -20 * DAY, hours: 1.5, capacity: null, chat: 7, questions: 2 },
  { community: 'tic-en-la-formacion', title: 'Seminario: simuladores en la formación técnica', description: 'Costos, resultados y límites de la simulación.', kind: 'seminar', language: 'es', offset: -45 * DAY, hours: 2, capacity: null, chat: 9, questions: 3 },
];

const CHAT = [
  'Buenos días a todos, ¡gracias por organizar esta sesión!',
  'En nuestro centro empezamos con una rúbrica de **cuatro niveles** de desempeño.',
  '¿Alguien evalúa también en la empresa, con el tutor?',
  'Sí, nosotros usamos una lista de cotejo que completa el tutor cada mes.',
  'La clave fue capacitar a los evaluadores antes de aplicar el instrumento.',
  'Comparto la experiencia: al principio los aprendices no entendían los criterios.',
  'Publicamos los criterios al inicio del módulo y mejoró mucho.',
  'Muy útil. ¿Podrían compartir el modelo de la lista de cotejo?',
  'Lo subimos al banco de recursos esta semana.',
  'Gracias, me llevo varias ideas para nuestro instituto.',
];

const QUESTIONS = [
  '¿Cómo se combinan la evaluación del centro y la de la empresa en la nota final?',
  '¿Cuántas evidencias piden como mínimo por unidad de competencia?',
  '¿Qué hacen cuando el tutor de empresa no completa la evaluación?',
];

const ANSWERS = [
  'Cada parte pesa la mitad, con una reunión de acuerdo al cierre del módulo.',
  'Al menos una evidencia de desempeño y una de conocimiento por unidad.',
  null,
];

export async function seedWorkshops(db: Db, options: { now: Date; progress: (line: string) => void }): Promise<number> {
  const publicCommunities = await db
    .select({ id: communities.id, slug: communities.slug })
    .from(communities)
    .where(eq(communities.visibility, 'public'))
    .orderBy(asc(communities.id));
  if (publicCommunities.length === 0) return 0;
  const bySlug = new Map(publicCommunities.map((c) => [c.slug, c.id]));
  const demo = await db
    .select({ id: users.id, username: users.username })
    .from(users)
    .where(inArray(users.username, ['carlos_especialista', 'lucia_moderadora', 'ana_docente', 'jose_formador']));
  const byName = new Map(demo.map((u) => [u.username, u.id]));
  const hostsPool = ['carlos_especialista', 'lucia_moderadora'].map((n) => byName.get(n)).filter((id): id is number => id !== undefined);
  if (hostsPool.length === 0) return 0;
  const attendeesPool = ['ana_docente', 'jose_formador'].map((n) => byName.get(n)).filter((id): id is number => id !== undefined);
  const now = Math.floor(options.now.getTime() / MINUTE) * MINUTE;

  await transaction(db, async () => {
    for (const [index, plan] of PLANS.entries()) {
      const communityId = bySlug.get(plan.community) ?? publicCommunities[index % publicCommunities.length]!.id;
      const members = (
        await db
          .select({ id: communityMembers.userId })
          .from(communityMembers)
          .where(and(eq(communityMembers.communityId, communityId), eq(communityMembers.status, 'active')))
          .orderBy(asc(communityMembers.userId))
          .limit(12)
      ).map((m) => m.id);
      const people = [...new Set([...attendeesPool, ...members])].filter((id) => !hostsPool.includes(id));
      const startsAt = new Date(now + plan.offset);
      const endsAt = new Date(startsAt.getTime() + plan.hours * HOUR);
      const past = endsAt.getTime() <= now;
      const live = !past && startsAt.getTime() <= now;
      const hosts = index % 2 === 0 ? hostsPool : [...hostsPool].reverse();
      const registered = people.slice(0, Math.min(people.length, plan.capacity ?? people.length, 3 + (index % 5)));
      const [workshop] = await db
        .insert(workshops)
        .values({
          communityId,
          createdById: hosts[0]!,
          title: plan.title,
          description: plan.description,
          descriptionHtml: cook(plan.description, emptyResolver).html,
          kind: plan.kind,
          startsAt,
          endsAt,
          language: plan.language,
          capacity: plan.capacity,
          videoUrl: `https://video.example.org/minga/${index + 1}`,
          room: past ? 'closed' : live ? 'open' : 'scheduled',
          openedAt: past || live ? new Date(startsAt.getTime() - 5 * MINUTE) : null,
          closedAt: past ? endsAt : null,
          registrationCount: registered.length,
          createdAt: new Date(Math.min(startsAt.getTime(), now) - 10 * DAY),
        })
        .returning({ id: workshops.id });
      await db.insert(workshopHosts).values(hosts.map((userId, position) => ({ workshopId: workshop!.id, userId, position })));
      if (registered.length) await db.insert(workshopRegistrations).values(registered.map((userId) => ({ workshopId: workshop!.id, userId })));

      const speakers = [hosts[0]!, ...people];
      for (let i = 0; i < plan.chat; i += 1) {
        const body = CHAT[i % CHAT.length]!;
        await db.insert(workshopMessages).values({
          workshopId: workshop!.id,
          authorId: i === 0 ? hosts[0]! : speakers[i % speakers.length]!,
          body,
          bodyHtml: cook(body, emptyResolver).html,
          createdAt: new Date(startsAt.getTime() + (i + 1) * 3 * MINUTE),
        });
      }
      for (let q = 0; q < plan.questions; q += 1) {
        const body = QUESTIONS[q]!;
        const answer = past ? ANSWERS[q] ?? null : null;
        const answered = past && q < 2;
        const voters = people.slice(0, Math.max(0, people.length - q * 2)).slice(0, 6 - q * 2);
        const [question] = await db
          .insert(workshopQuestions)
          .values({
            workshopId: workshop!.id,
            authorId: people[(q + 1) % Math.max(1, people.length)] ?? hosts[0]!,
            body,
            bodyHtml: cook(body, emptyResolver).html,
            voteCount: voters.length,
            answeredAt: answered ? new Date(startsAt.getTime() + (q + 4) * 10 * MINUTE) : null,
            answeredById: answered ? hosts[0]! : null,
            answer: answered ? answer : null,
            answerHtml: answered && answer ? cook(answer, emptyResolver).html : null,
            createdAt: new Date(startsAt.getTime() + (q + 2) * 7 * MINUTE),
          })
          .returning({ id: workshopQuestions.id });
        if (voters.length) await db.insert(workshopVotes).values(voters.map((userId) => ({ questionId: question!.id, userId })));
      }
      options.progress(`workshops ${index + 1}/${PLANS.length}`);
    }
  });
  return PLANS.length;
}
