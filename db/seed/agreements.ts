/**
 * Demo cooperation agreements (issue 18, part 3): plausible pairs and triples of real member
 * institutions, in the three statuses, five of them with an agreement space (a private
 * community) holding the parties' nominated people and a few threads. Deterministic.
 */
import { and, asc, eq, inArray, ne } from 'drizzle-orm';
import { cook } from '../../server/lib/markdown.ts';
import { transaction } from '../access.ts';
import type { Db } from '../client.ts';
import {
  agreementAreas,
  agreementParties,
  agreementPeople,
  agreements,
  communities,
  communityMembers,
  forums,
  institutions,
  posts,
  threads,
  users,
} from '../schema/index.ts';

type Party = [acronym: string, countryCode: string];

interface AgreementPlan {
  title: string;
  parties: Party[];
  start: string;
  end: string | null;
  status: 'draft' | 'in_force' | 'ended';
  objectives: string;
  sectors: string[];
  themes: string[];
  /** Demo people nominated for a party (by username), besides members of the parties. */
  space?: { demo: string[]; threads: { title: string; posts: string[] }[] };
}

const PLANS: AgreementPlan[] = [
  {
    title: 'Mantenimiento industrial: formación de instructores SENAI–INFOTEP',
    parties: [['SENAI', 'BR'], ['INFOTEP', 'DO']],
    start: '2024-03-01',
    end: '2026-12-31',
    status: 'in_force',
    objectives:
      'Transferir al INFOTEP la metodología del SENAI para la **formación de instructores en mantenimiento industrial**:\n\n- pasantías de instructores dominicanos en escuelas del SENAI;\n- adaptación de los itinerarios de mantenimiento mecánico y electromecánico;\n- evaluación conjunta de los primeros grupos.',
    sectors: ['C'],
    themes: ['trainers', 'curriculum'],
    space: {
      demo: ['ana_docente'],
      threads: [
        {
          title: 'Calendario de pasantías en São Paulo',
          posts: [
            'Proponemos dos grupos de seis instructores, en abril y en septiembre. ¿Les sirven esas fechas?',
            'Abril nos va bien para el primer grupo. Para septiembre necesitamos confirmar con los centros de Santiago.',
            'Perfecto. Dejamos abril confirmado y revisamos septiembre en la reunión de seguimiento.',
          ],
        },
        {
          title: 'Versión adaptada del itinerario de mantenimiento electromecánico',
          posts: ['Compartimos el borrador del itinerario adaptado al catálogo dominicano. Los comentarios, antes de fin de mes.'],
        },
      ],
    },
  },
  {
    title: 'Cooperación técnica SENA–SENATI en formación dual',
    parties: [['SENA', 'CO'], ['SENATI', 'PE']],
    start: '2023-08-15',
    end: null,
    status: 'in_force',
    objectives: 'Intercambiar experiencias de **formación dual** con empresas y armonizar la evaluación de aprendices en las especialidades industriales.',
    sectors: ['C', 'H'],
    themes: ['dual', 'quality'],
    space: {
      demo: ['lucia_moderadora', 'carlos_especialista'],
      threads: [
        {
          title: 'Instrumentos de evaluación en la empresa',
          posts: [
            'En el SENATI el monitor de empresa llena una ficha por cada unidad de aprendizaje. ¿Cómo lo hacen en el SENA?',
            'Usamos una bitácora de etapa productiva que firma el co-formador; la podemos compartir para compararlas.',
          ],
        },
      ],
    },
  },
  {
    title: 'Logística portuaria y formación dual INA–INADEH',
    parties: [['INA', 'CR'], ['INADEH', 'PA']],
    start: '2025-02-01',
    end: '2027-01-31',
    status: 'in_force',
    objectives: 'Diseñar juntos un programa de **logística portuaria** en modalidad dual, con prácticas en las terminales del Canal y del Caribe costarricense.',
    sectors: ['H'],
    themes: ['dual', 'curriculum'],
    space: {
      demo: [],
      threads: [{ title: 'Perfil de salida del técnico en logística portuaria', posts: ['Subimos el perfil acordado en el taller de San José; falta validar las competencias de seguridad.'] }],
    },
  },
  {
    title: 'Reconocimiento de competencias en construcción IEFP–SENAI',
    parties: [['IEFP', 'PT'], ['SENAI', 'BR']],
    start: '2022-05-10',
    end: '2024-05-09',
    status: 'ended',
    objectives: 'Comparar los sistemas de **reconocimiento, validación y certificación de competencias** en la construcción civil y publicar una guía común.',
    sectors: ['F'],
    themes: ['rpl'],
    space: {
      demo: ['ana_docente'],
      threads: [{ title: 'Informe final de la comparación', posts: ['El informe final quedó aprobado por ambas partes. Gracias a todo el equipo.', 'Gracias. Lo difundiremos en la red.'] }],
    },
  },
  {
    title: 'Hotelería y turismo sostenible INTECAP–INFOP–INSAFORP',
    parties: [['INTECAP', 'GT'], ['INFOP', 'HN'], ['INSAFORP', 'SV']],
    start: '2024-09-01',
    end: null,
    status: 'in_force',
    objectives: 'Una oferta regional de formación en **hotelería y turismo sostenible**, con certificación reconocida por las tres instituciones.',
    sectors: ['I'],
    themes: ['green_skills', 'quality'],
    space: {
      demo: ['jose_formador'],
      threads: [
        {
          title: 'Módulo común de turismo sostenible',
          posts: ['¿Partimos del módulo de INTECAP o armamos uno nuevo con los tres equipos?', 'Mejor partir del de INTECAP y añadir la parte de gestión del agua que trabajó INSAFORP.'],
        },
      ],
    },
  },
  {
    title: 'Energías renovables: instaladores solares SENATI–SENCICO',
    parties: [['SENATI', 'PE'], ['SENCICO', 'PE']],
    start: '2025-04-01',
    end: '2026-03-31',
    status: 'in_force',
    objectives: 'Formar **instaladores de sistemas fotovoltaicos** para vivienda y obra, con prácticas compartidas.',
    sectors: ['D', 'F'],
    themes: ['green_skills'],
  },
  {
    title: 'Formación a distancia de docentes CONALEP–SENA',
    parties: [['CONALEP', 'MX'], ['SENA', 'CO']],
    start: '2023-01-20',
    end: '2025-01-19',
    status: 'ended',
    objectives: 'Intercambio de cursos virtuales para **docentes de formación profesional** y de la plataforma de aprendizaje en línea.',
    sectors: ['P'],
    themes: ['ict', 'trainers'],
  },
  {
    title: 'Agricultura de precisión SENAR–INATEC',
    parties: [['SENAR', 'BR'], ['INATEC', 'NI']],
    start: '2025-06-15',
    end: null,
    status: 'draft',
    objectives: 'Adaptar la formación del SENAR en **agricultura de precisión** para productores y técnicos nicaragüenses.',
    sectors: ['A'],
    themes: ['ict'],
  },
  {
    title: 'Seguridad y salud en el trabajo INSAFORP–INFOTEP',
    parties: [['INSAFORP', 'SV'], ['INFOTEP', 'DO']],
    start: '2024-01-15',
    end: '2025-12-31',
    status: 'in_force',
    objectives: 'Cursos comunes de **seguridad y salud en el trabajo** para supervisores de la construcción y de la industria.',
    sectors: ['F', 'C'],
    themes: ['osh'],
  },
  {
    title: 'Competencias digitales para jóvenes SNPP–UTU',
    parties: [['SNPP', 'PY'], ['UTU', 'UY']],
    start: '2024-07-01',
    end: null,
    status: 'in_force',
    objectives: 'Programa de **competencias digitales** para jóvenes que no estudian ni trabajan, con tutoría compartida.',
    sectors: ['J'],
    themes: ['youth', 'ict'],
  },
  {
    title: 'Información del mercado de trabajo SENCE–ChileValora–INEFOP',
    parties: [['SENCE', 'CL'], ['ChileValora', 'CL'], ['INEFOP', 'UY']],
    start: '2023-10-01',
    end: '2025-09-30',
    status: 'ended',
    objectives: 'Métodos comunes de **prospección de demanda de competencias** e información del mercado de trabajo.',
    sectors: [],
    themes: ['lmi', 'social_dialogue'],
  },
  {
    title: 'Calidad de la formación profesional INFOCAL–SENATI',
    parties: [['INFOCAL', 'BO'], ['SENATI', 'PE']],
    start: '2025-09-01',
    end: null,
    status: 'draft',
    objectives: 'Implantar un **sistema de gestión de la calidad** en los centros de INFOCAL con el acompañamiento del SENATI.',
    sectors: [],
    themes: ['quality'],
  },
  {
    title: 'Emprendimiento y economía social SECAP–SENA',
    parties: [['SECAP', 'EC'], ['SENA', 'CO']],
    start: '2024-11-01',
    end: '2026-10-31',
    status: 'in_force',
    objectives: 'Formación de **formadores en emprendimiento** y acompañamiento de unidades productivas en zonas de frontera.',
    sectors: ['S'],
    themes: ['entrepreneurship', 'inclusion'],
  },
  {
    title: 'Salud: técnicos de enfermería HEART/NSTA Trust–BTVI',
    parties: [['HEART/NSTA Trust', 'JM'], ['BTVI', 'BS']],
    start: '2024-04-01',
    end: null,
    status: 'in_force',
    objectives: 'Estándares comunes para la formación de **técnicos auxiliares de enfermería** en el Caribe.',
    sectors: ['Q'],
    themes: ['curriculum', 'quality'],
  },
  {
    title: 'Diálogo social en la formación profesional Fundae–IEFP',
    parties: [['Fundae', 'ES'], ['IEFP', 'PT']],
    start: '2022-02-01',
    end: '2024-01-31',
    status: 'ended',
    objectives: 'Intercambio sobre la **gestión tripartita** de la formación para el empleo en España y Portugal.',
    sectors: [],
    themes: ['social_dialogue'],
  },
];

const NO_LOOKUPS = { existingUsernames: () => new Set<string>(), resolveLinks: () => [] };
const DAY = 86_400_000;

/** Seeds the agreements after the forums (nominated people are demo accounts and synthetic members). */
export async function seedAgreements(db: Db, progress: (line: string) => void): Promise<{ agreements: number; spaces: number }> {
  const byKey = new Map(
    (await db.select({ id: institutions.id, acronym: institutions.acronym, countryCode: institutions.countryCode }).from(institutions)).map((i) => [
      `${i.acronym}|${i.countryCode}`,
      i.id,
    ]),
  );
  const [admin] = await db.select({ id: users.id }).from(users).where(eq(users.username, 'admin')).limit(1);
  let spaces = 0;
  let count = 0;
  await transaction(db, async () => {
    for (const [index, plan] of PLANS.entries()) {
      const partyIds = plan.parties.map(([acronym, country]) => byKey.get(`${acronym}|${country}`)).filter((id): id is number => id !== undefined);
      if (partyIds.length < 2) continue;
      const objectivesHtml = cook(plan.objectives, NO_LOOKUPS).html;
      const createdAt = new Date(`${plan.start}T12:00:00Z`);
      const [row] = await db
        .insert(agreements)
        .values({
          title: plan.title,
          startDate: plan.start,
          endDate: plan.end,
          objectivesSource: plan.objectives,
          objectivesHtml,
          status: plan.status,
          createdBy: admin?.id ?? null,
          createdAt,
          updatedAt: createdAt,
        })
        .returning({ id: agreements.id });
      const agreementId = row!.id;
      const signedOn = plan.status === 'draft' ? null : new Date(createdAt.getTime() - 10 * DAY).toISOString().slice(0, 10);
      await db.insert(agreementParties).values(partyIds.map((institutionId, position) => ({ agreementId, institutionId, position, signedOn })));
      const areas = [...plan.sectors.map((code) => ({ scheme: 'sector' as const, code })), ...plan.themes.map((code) => ({ scheme: 'theme' as const, code }))];
      if (areas.length) await db.insert(agreementAreas).values(areas.map((a) => ({ agreementId, ...a })));
      count += 1;
      if (!plan.space) continue;

      // The nominated people: the demo accounts named, then two members of each party.
      const demo = plan.space.demo.length
        ? await db.select({ id: users.id, institutionId: users.institutionId }).from(users).where(inArray(users.username, plan.space.demo)).orderBy(asc(users.id))
        : [];
      const people = new Map<number, number>();
      for (const person of demo) people.set(person.id, person.institutionId && partyIds.includes(person.institutionId) ? person.institutionId : partyIds[0]!);
      for (const institutionId of partyIds) {
        const members = await db
          .select({ id: users.id })
          .from(users)
          .where(and(eq(users.institutionId, institutionId), eq(users.role, 'member'), ne(users.username, 'admin')))
          .orderBy(asc(users.id))
          .limit(2);
        for (const m of members) if (!people.has(m.id)) people.set(m.id, institutionId);
      }
      await db
        .insert(agreementPeople)
        .values([...people].map(([userId, institutionId]) => ({ agreementId, userId, institutionId, nominatedBy: admin?.id ?? null, createdAt })));

      const archivedAt = plan.status === 'ended' && plan.end ? new Date(`${plan.end}T18:00:00Z`) : null;
      const [community] = await db
        .insert(communities)
        .values({
          slug: `agreement-${agreementId}`,
          name: plan.title.length > 120 ? `${plan.title.slice(0, 119)}…` : plan.title,
          description: '',
          visibility: 'private',
          joinPolicy: 'approval',
          ownerId: null,
          memberCount: people.size,
          createdAt,
          archivedAt,
        })
        .returning({ id: communities.id });
      const communityId = community!.id;
      await db.update(agreements).set({ spaceCommunityId: communityId }).where(eq(agreements.id, agreementId));
      await db
        .insert(communityMembers)
        .values([...people.keys()].map((userId) => ({ communityId, userId, role: 'member' as const, status: 'active' as const, createdAt, updatedAt: createdAt })));
      const [forum] = await db.insert(forums).values({ communityId, slug: 'general', name: 'General', position: 0, createdAt }).returning({ id: forums.id });

      const authors = [...people.keys()];
      let last = createdAt;
      let postTotal = 0;
      for (const [t, plannedThread] of plan.space.threads.entries()) {
        const opened = new Date(createdAt.getTime() + (t + 1) * 7 * DAY + index * 3_600_000);
        const [thread] = await db
          .insert(threads)
          .values({
            forumId: forum!.id,
            communityId,
            authorId: authors[t % authors.length]!,
            title: plannedThread.title,
            kind: 'discussion',
            language: 'es',
            postCount: plannedThread.posts.length,
            lastPostAt: opened,
            createdAt: opened,
          })
          .returning({ id: threads.id });
        let firstPostId: number | null = null;
        let at = opened;
        for (const [p, body] of plannedThread.posts.entries()) {
          at = new Date(opened.getTime() + p * 5 * 3_600_000);
          const cooked = cook(body, NO_LOOKUPS);
          const [post] = await db
            .insert(posts)
            .values({ threadId: thread!.id, authorId: authors[(t + p) % authors.length]!, number: p + 1, body, bodyHtml: cooked.html, bodyText: cooked.text, createdAt: at })
            .returning({ id: posts.id });
          firstPostId ??= post!.id;
        }
        await db.update(threads).set({ firstPostId, lastPostAt: at }).where(eq(threads.id, thread!.id));
        postTotal += plannedThread.posts.length;
        if (at > last) last = at;
      }
      await db
        .update(forums)
        .set({ threadCount: plan.space.threads.length, postCount: postTotal, lastPostAt: plan.space.threads.length ? last : null })
        .where(eq(forums.id, forum!.id));
      await db.update(communities).set({ lastActivityAt: last }).where(eq(communities.id, communityId));
      spaces += 1;
    }
  });
  progress(`agreements ${count}/${PLANS.length} (${spaces} spaces)`);
  return { agreements: count, spaces };
}
