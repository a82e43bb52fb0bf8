/**
 * The communities of practice of the demo network and their forums, on the themes the
 * ILO/Cinterfor network works on. Pure data: who joins is decided in plan-members.ts, who
 * writes in plan-threads.ts and plan-posts.ts.
 */
import type { Lang, ThemeKey } from './templates/index.ts';

export interface ForumSeed {
  slug: string;
  name: string;
  description: string;
  /** Share of the community's threads, relative to its other forums. */
  weight: number;
}

export interface CommunitySeed {
  slug: string;
  name: string;
  description: string;
  visibility: 'public' | 'private';
  joinPolicy: 'open' | 'approval';
  /** A private community whose name and description everyone sees (join by request); absent: secret. */
  listed?: boolean;
  theme: ThemeKey;
  /** The language the community is run in (its name, forums and welcome thread). */
  lead: Lang;
  /** Languages of its threads. */
  languages: Record<Lang, number>;
  /** Active members, demo accounts and moderators included. */
  members: number;
  /** Requests waiting for approval (approval communities only). */
  pending: number;
  banned: number;
  /** Share of all threads, relative to the other communities. */
  activity: number;
  /** `lucia_moderadora` moderates it. */
  luciaModerates: boolean;
  /** Synthetic members who moderate it. */
  moderators: 1 | 2;
  /** Demo accounts in a private community, with their status (public ones have all five, active). */
  privateDemoMembers?: Partial<Record<'lucia_moderadora' | 'carlos_especialista' | 'ana_docente' | 'jose_formador', 'active' | 'pending'>>;
  forums: ForumSeed[];
}

const IBERO: Record<Lang, number> = { es: 0.62, pt: 0.2, en: 0.18 };
const LUSO: Record<Lang, number> = { es: 0.3, pt: 0.6, en: 0.1 };

export const COMMUNITIES: readonly CommunitySeed[] = [
  {
    slug: 'formacion-por-competencias',
    name: 'Formación basada en competencias',
    description:
      'Diseño curricular, normas de competencia, análisis funcional y evaluación por competencias: experiencias y herramientas de las instituciones de la red.',
    visibility: 'public',
    joinPolicy: 'open',
    theme: 'competencies',
    lead: 'es',
    languages: IBERO,
    members: 150,
    pending: 0,
    banned: 0,
    activity: 1.3,
    luciaModerates: false,
    moderators: 2,
    forums: [
      { slug: 'diseno-curricular', name: 'Diseño curricular', description: 'Del perfil profesional al módulo formativo: metodologías, matrices y ejemplos.', weight: 1.3 },
      { slug: 'normas-y-cualificaciones', name: 'Normas y marcos de cualificaciones', description: 'Elaboración y actualización de normas de competencia; marcos nacionales y regionales de cualificaciones.', weight: 1 },
      { slug: 'evaluacion', name: 'Evaluación por competencias', description: 'Instrumentos, evidencias de desempeño y criterios de evaluación.', weight: 1 },
      { slug: 'consultas-rapidas', name: 'Consultas rápidas', description: 'Preguntas puntuales sobre el enfoque de competencias.', weight: 0.6 },
    ],
  },
  {
    slug: 'reconocimiento-de-aprendizajes',
    name: 'Reconocimiento de aprendizajes previos',
    description:
      'Evaluación y certificación de las competencias adquiridas en el trabajo y en la vida: procesos, evaluadores y rutas de formación.',
    visibility: 'public',
    joinPolicy: 'approval',
    theme: 'rpl',
    lead: 'es',
    languages: IBERO,
    members: 85,
    pending: 4,
    banned: 0,
    activity: 0.8,
    luciaModerates: false,
    moderators: 1,
    forums: [
      { slug: 'procesos-de-certificacion', name: 'Procesos de certificación', description: 'Etapas, costos y plazos de los sistemas de certificación de competencias laborales.', weight: 1.2 },
      { slug: 'evaluadores', name: 'Evaluadores y evidencias', description: 'Formación de evaluadores, portafolios e instrumentos.', weight: 1 },
      { slug: 'rutas-formativas', name: 'Rutas formativas', description: 'Qué ofrecer después de la evaluación: formación complementaria y reconocimiento en el empleo.', weight: 0.8 },
    ],
  },
  {
    slug: 'formacion-dual',
    name: 'Aprendizaje y formación dual',
    description: 'Formación en alternancia entre el centro y la empresa, contratos de aprendizaje y tutores de empresa.',
    visibility: 'public',
    joinPolicy: 'open',
    theme: 'dual',
    lead: 'es',
    languages: IBERO,
    members: 130,
    pending: 0,
    banned: 0,
    activity: 1.2,
    luciaModerates: true,
    moderators: 1,
    forums: [
      { slug: 'modelos-de-alternancia', name: 'Modelos de alternancia', description: 'Cómo se reparte la formación entre el centro y la empresa en cada país.', weight: 1.2 },
      { slug: 'empresas-formadoras', name: 'Empresas formadoras', description: 'Convocatoria, incentivos y acompañamiento de las empresas que reciben aprendices.', weight: 1 },
      { slug: 'tutores', name: 'Tutores de empresa', description: 'Formación y apoyo a quienes enseñan en el puesto de trabajo.', weight: 1 },
      { slug: 'marco-normativo', name: 'Marco normativo', description: 'Contratos de aprendizaje, seguros, estipendios y regulación.', weight: 0.8 },
      { slug: 'novedades', name: 'Novedades y eventos', description: 'Convocatorias, seminarios y publicaciones sobre formación dual.', weight: 0.4 },
    ],
  },
  {
    slug: 'tic-en-la-formacion',
    name: 'TIC en la formación profesional',
    description: 'Formación virtual e híbrida, simuladores, recursos educativos abiertos e inteligencia artificial en la formación.',
    visibility: 'public',
    joinPolicy: 'open',
    theme: 'ict',
    lead: 'es',
    languages: IBERO,
    members: 140,
    pending: 0,
    banned: 1,
    activity: 1.2,
    luciaModerates: false,
    moderators: 2,
    forums: [
      { slug: 'formacion-virtual', name: 'Formación virtual e híbrida', description: 'Plataformas, diseño de cursos en línea y tutoría.', weight: 1.3 },
      { slug: 'simuladores-y-laboratorios', name: 'Simuladores y laboratorios', description: 'Simuladores, realidad virtual y laboratorios remotos para la práctica.', weight: 1 },
      { slug: 'inteligencia-artificial', name: 'Inteligencia artificial', description: 'Usos, riesgos y políticas de la inteligencia artificial en la formación profesional.', weight: 1 },
      { slug: 'recursos-abiertos', name: 'Recursos educativos abiertos', description: 'Materiales para compartir y reutilizar entre instituciones.', weight: 0.7 },
    ],
  },
  {
    slug: 'competencias-verdes',
    name: 'Competencias verdes y transición justa',
    description: 'Formación para empleos verdes, energías renovables, economía circular y reconversión de trabajadores.',
    visibility: 'public',
    joinPolicy: 'open',
    theme: 'green',
    lead: 'es',
    languages: IBERO,
    members: 95,
    pending: 0,
    banned: 0,
    activity: 0.8,
    luciaModerates: false,
    moderators: 1,
    forums: [
      { slug: 'energias-renovables', name: 'Energías renovables', description: 'Solar, eólica y eficiencia energética: perfiles, cursos y equipamiento.', weight: 1.2 },
      { slug: 'economia-circular', name: 'Economía circular', description: 'Residuos, reutilización y oficios verdes.', weight: 1 },
      { slug: 'transicion-justa', name: 'Transición justa', description: 'Reconversión de trabajadores y diálogo social en la transición.', weight: 0.8 },
    ],
  },
  {
    slug: 'calidad-de-la-formacion',
    name: 'Calidad de la formación profesional',
    description: 'Sistemas de gestión de la calidad, indicadores, seguimiento de egresados y evaluación de impacto.',
    visibility: 'public',
    joinPolicy: 'approval',
    theme: 'quality',
    lead: 'es',
    languages: IBERO,
    members: 70,
    pending: 3,
    banned: 0,
    activity: 0.7,
    luciaModerates: true,
    moderators: 1,
    forums: [
      { slug: 'gestion-de-la-calidad', name: 'Gestión de la calidad', description: 'Sistemas de gestión, certificación y acreditación de centros.', weight: 1.1 },
      { slug: 'indicadores', name: 'Indicadores y tableros', description: 'Qué medir, cómo y para qué.', weight: 1 },
      { slug: 'evaluacion-de-impacto', name: 'Evaluación de impacto', description: 'Seguimiento de egresados y evaluaciones con grupo de comparación.', weight: 0.9 },
    ],
  },
  {
    slug: 'genero-e-inclusion',
    name: 'Género e inclusión',
    description:
      'Igualdad de género e inclusión de personas con discapacidad, pueblos indígenas y personas migrantes en la formación profesional.',
    visibility: 'public',
    joinPolicy: 'open',
    theme: 'gender',
    lead: 'es',
    languages: IBERO,
    members: 90,
    pending: 0,
    banned: 0,
    activity: 0.8,
    luciaModerates: false,
    moderators: 2,
    forums: [
      { slug: 'mujeres-en-oficios', name: 'Mujeres en oficios técnicos', description: 'Acceso, permanencia y empleo de mujeres en ocupaciones no tradicionales.', weight: 1.2 },
      { slug: 'discapacidad', name: 'Discapacidad y accesibilidad', description: 'Ajustes razonables, accesibilidad y empleo con apoyo.', weight: 1 },
      { slug: 'diversidad', name: 'Diversidad e interculturalidad', description: 'Pueblos indígenas, afrodescendientes y personas migrantes.', weight: 0.8 },
      { slug: 'convivencia', name: 'Convivencia y prevención del acoso', description: 'Protocolos y ambientes de formación seguros.', weight: 0.7 },
    ],
  },
  {
    slug: 'empleabilidad-juvenil',
    name: 'Empleabilidad juvenil',
    description: 'Orientación vocacional, habilidades socioemocionales, primer empleo y emprendimiento de jóvenes.',
    visibility: 'public',
    joinPolicy: 'open',
    theme: 'youth',
    lead: 'es',
    languages: IBERO,
    members: 110,
    pending: 0,
    banned: 1,
    activity: 1,
    luciaModerates: true,
    moderators: 1,
    forums: [
      { slug: 'orientacion-vocacional', name: 'Orientación vocacional', description: 'Herramientas y experiencias de orientación para jóvenes.', weight: 1.1 },
      { slug: 'primer-empleo', name: 'Primer empleo', description: 'Intermediación, prácticas y programas de primer empleo.', weight: 1.1 },
      { slug: 'habilidades-socioemocionales', name: 'Habilidades socioemocionales', description: 'Cómo se enseñan y cómo se evalúan.', weight: 0.9 },
      { slug: 'emprendimiento', name: 'Emprendimiento juvenil', description: 'Formación y acompañamiento a emprendimientos de jóvenes.', weight: 0.7 },
    ],
  },
  {
    slug: 'formacao-de-formadores',
    name: 'Formação de formadores e docentes',
    description:
      'Formação pedagógica e atualização técnica de docentes e instrutores da educação profissional. Comunidade coordenada por instituições de língua portuguesa e aberta a toda a rede.',
    visibility: 'public',
    joinPolicy: 'open',
    theme: 'trainers',
    lead: 'pt',
    languages: LUSO,
    members: 100,
    pending: 0,
    banned: 0,
    activity: 0.9,
    luciaModerates: false,
    moderators: 2,
    forums: [
      { slug: 'formacao-pedagogica', name: 'Formação pedagógica', description: 'Didática, planejamento e avaliação na educação profissional.', weight: 1.2 },
      { slug: 'atualizacao-tecnica', name: 'Atualização técnica', description: 'Estágios em empresas, certificações e novas tecnologias para docentes.', weight: 1 },
      { slug: 'acolhimento', name: 'Acolhimento de novos docentes', description: 'Programas de acolhimento e mentoria para quem começa a ensinar.', weight: 0.7 },
    ],
  },
  {
    slug: 'dialogo-social',
    name: 'Diálogo social y gobernanza de la formación',
    description:
      'Espacio reservado a quienes representan a gobiernos, empleadores y trabajadores en la conducción de las instituciones: consejos sectoriales, financiamiento y negociación colectiva.',
    visibility: 'private',
    joinPolicy: 'approval',
    listed: true,
    theme: 'dialogue',
    lead: 'es',
    languages: { es: 0.72, pt: 0.18, en: 0.1 },
    members: 35,
    pending: 3,
    banned: 0,
    activity: 0.35,
    luciaModerates: false,
    moderators: 1,
    privateDemoMembers: { lucia_moderadora: 'active', ana_docente: 'pending' },
    forums: [
      { slug: 'consejos-sectoriales', name: 'Consejos sectoriales', description: 'Funcionamiento y resultados de los consejos sectoriales de competencias.', weight: 1.1 },
      { slug: 'financiamiento', name: 'Financiamiento', description: 'Aportes patronales, fondos y rendición de cuentas.', weight: 1 },
      { slug: 'negociacion-colectiva', name: 'Negociación colectiva', description: 'La formación en los convenios colectivos.', weight: 0.8 },
    ],
  },
  {
    slug: 'inteligencia-laboral',
    name: 'Inteligencia del mercado de trabajo',
    description:
      'Grupo de trabajo de observatorios y equipos de estudios: prospectiva, análisis de la demanda y datos para planificar la oferta formativa.',
    visibility: 'private',
    joinPolicy: 'approval',
    theme: 'lmi',
    lead: 'es',
    languages: IBERO,
    members: 45,
    pending: 2,
    banned: 0,
    activity: 0.45,
    luciaModerates: false,
    moderators: 1,
    privateDemoMembers: { carlos_especialista: 'active' },
    forums: [
      { slug: 'observatorios', name: 'Observatorios', description: 'Organización, fuentes y productos de los observatorios.', weight: 1 },
      { slug: 'prospectiva', name: 'Prospectiva', description: 'Métodos de anticipación de ocupaciones y competencias.', weight: 1 },
      { slug: 'datos-y-metodos', name: 'Datos y métodos', description: 'Avisos en línea, registros administrativos y herramientas de análisis.', weight: 0.9 },
    ],
  },
  {
    slug: 'seguridad-y-salud',
    name: 'Seguridad y salud en el trabajo',
    description:
      'Prevención de riesgos en la formación y en el trabajo: talleres seguros, cultura preventiva y formación para trabajos de alto riesgo.',
    visibility: 'public',
    joinPolicy: 'open',
    theme: 'osh',
    lead: 'es',
    languages: IBERO,
    members: 80,
    pending: 0,
    banned: 0,
    activity: 0.7,
    luciaModerates: false,
    moderators: 1,
    forums: [
      { slug: 'talleres-seguros', name: 'Talleres seguros', description: 'Prevención de riesgos en los centros de formación.', weight: 1.1 },
      { slug: 'trabajos-de-alto-riesgo', name: 'Trabajos de alto riesgo', description: 'Trabajo en altura, espacios confinados y riesgo eléctrico.', weight: 1 },
      { slug: 'cultura-preventiva', name: 'Cultura preventiva', description: 'Cómo formar hábitos de prevención desde el aula.', weight: 0.9 },
    ],
  },
];
