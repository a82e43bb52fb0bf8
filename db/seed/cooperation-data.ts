/**
 * Demo cooperation requests and offers: real member institutions, sectors (ISIC sections) and
 * themes of the vocabularies, the kind of horizontal cooperation the network does (one
 * institution transferring capacities to another, coordinated by ILO/Cinterfor).
 */
export interface SeedResponse {
  from: { acronym: string; countryCode: string };
  body: string;
  daysAfter: number;
}

export interface SeedCooperation {
  kind: 'request' | 'offer';
  institution: { acronym: string; countryCode: string };
  title: string;
  body: string;
  sectors: string[];
  themes: string[];
  expertise: string[];
  status: 'open' | 'in_progress' | 'done';
  /** Days before the seed's moment it was posted. */
  daysAgo: number;
  /** Days after posting that answers are wanted by. */
  deadlineIn?: number;
  responses?: SeedResponse[];
}

const at = (acronym: string, countryCode: string) => ({ acronym, countryCode });

export const COOPERATION_ITEMS: readonly SeedCooperation[] = [
  {
    kind: 'request',
    institution: at('INFOP', 'HN'),
    title: 'Apoyo para implantar la formación dual en logística y almacenamiento',
    body: 'El INFOP quiere abrir en 2027 un programa de **formación dual** para auxiliares de almacén y operadores logísticos con empresas del corredor de San Pedro Sula.\n\nBuscamos una institución que ya haya:\n\n- acordado con empresas la rotación de aprendices entre centro y puesto de trabajo,\n- formado a tutores de empresa,\n- evaluado por competencias al final de la alternancia.\n\nProponemos dos visitas técnicas y un acompañamiento a distancia de seis meses.',
    sectors: ['H'],
    themes: ['dual', 'trainers'],
    expertise: ['dual', 'assessment'],
    status: 'in_progress',
    daysAgo: 80,
    deadlineIn: 45,
    responses: [
      { from: at('SENAI', 'BR'), body: 'El SENAI tiene un programa de aprendizaje industrial en logística con más de 300 empresas. Podemos compartir la guía del tutor de empresa y recibir a dos técnicos del INFOP en São Paulo.', daysAfter: 4 },
      { from: at('SENA', 'CO'), body: 'Desde el SENA ofrecemos la experiencia del contrato de aprendizaje en centros de distribución y los instrumentos de evaluación de la etapa productiva.', daysAfter: 9 },
    ],
  },
  {
    kind: 'offer',
    institution: at('SENAI', 'BR'),
    title: 'Oferecemos transferência da metodologia SENAI de formação por competências',
    body: 'O SENAI oferece às instituições da rede a transferência da sua **Metodologia SENAI de Educação Profissional**: perfis profissionais definidos com comitês técnicos setoriais, desenho curricular por competências e avaliação por situações de aprendizagem.\n\nA cooperação inclui oficinas para equipes técnicas, materiais em espanhol e português e acompanhamento na elaboração de um primeiro perfil.',
    sectors: ['C'],
    themes: ['curriculum', 'quality'],
    expertise: ['curriculum', 'instructional_design'],
    status: 'open',
    daysAgo: 60,
    responses: [
      { from: at('INADEH', 'PA'), body: 'El INADEH está actualizando sus programas de mecánica industrial y le interesa mucho esta transferencia para el segundo semestre.', daysAfter: 6 },
    ],
  },
  {
    kind: 'request',
    institution: at('INTECAP', 'GT'),
    title: 'Certificación de competencias laborales en el sector turístico',
    body: 'INTECAP necesita fortalecer su sistema de **certificación de competencias** para trabajadores del turismo con experiencia y sin título: camareros, recepcionistas y guías.\n\nBuscamos apoyo en el diseño de instrumentos de evaluación y en la formación de evaluadores.',
    sectors: ['I'],
    themes: ['rpl'],
    expertise: ['assessment', 'rpl'],
    status: 'open',
    daysAgo: 35,
    deadlineIn: 60,
    responses: [
      { from: at('CONOCER', 'MX'), body: 'CONOCER puede compartir los estándares de competencia del sector turístico y su modelo de formación de evaluadores.', daysAfter: 3 },
    ],
  },
  {
    kind: 'offer',
    institution: at('SENA', 'CO'),
    title: 'Transferencia del modelo de observatorio laboral para la pertinencia de la formación',
    body: 'El SENA ofrece acompañar a otras instituciones en la creación de un **observatorio laboral**: fuentes, indicadores de demanda de ocupaciones y uso de la información para decidir la oferta de formación.',
    sectors: ['O', 'P'],
    themes: ['lmi'],
    expertise: ['lmi', 'policy'],
    status: 'open',
    daysAgo: 50,
  },
  {
    kind: 'request',
    institution: at('INSAFORP', 'SV'),
    title: 'Formación de formadores en entornos virtuales de aprendizaje',
    body: 'INSAFORP busca una institución socia para capacitar a 40 instructores en el diseño y la tutoría de cursos **virtuales y semipresenciales**, con énfasis en la evaluación en línea.',
    sectors: ['P'],
    themes: ['ict', 'trainers'],
    expertise: ['distance_learning', 'instructional_design'],
    status: 'done',
    daysAgo: 200,
    responses: [
      { from: at('SENAC', 'BR'), body: 'O SENAC EAD pode oferecer um curso de tutoria online de 60 horas, em espanhol, para os instrutores do INSAFORP.', daysAfter: 5 },
      { from: at('INA', 'CR'), body: 'El INA puede compartir su experiencia con el campus virtual y la guía de diseño de cursos en línea.', daysAfter: 12 },
    ],
  },
  {
    kind: 'offer',
    institution: at('INA', 'CR'),
    title: 'Acompañamiento en formación para energías renovables y eficiencia energética',
    body: 'El INA ofrece su experiencia en programas de **instalación de sistemas fotovoltaicos** y eficiencia energética: perfiles, equipamiento de talleres y formación de instructores.',
    sectors: ['D', 'F'],
    themes: ['green_skills'],
    expertise: ['green_skills', 'curriculum'],
    status: 'open',
    daysAgo: 28,
  },
  {
    kind: 'request',
    institution: at('SNPP', 'PY'),
    title: 'Inclusión de jóvenes con discapacidad en la formación profesional',
    body: 'El SNPP quiere adaptar sus cursos de panadería, informática y mantenimiento para jóvenes con discapacidad. Buscamos experiencias en **ajustes razonables**, formación de instructores y vinculación con empleadores.',
    sectors: ['C', 'J'],
    themes: ['inclusion', 'youth'],
    expertise: ['inclusion'],
    status: 'open',
    daysAgo: 14,
    deadlineIn: 40,
  },
  {
    kind: 'offer',
    institution: at('SENATI', 'PE'),
    title: 'Transferencia de programas de mantenimiento de maquinaria pesada para minería',
    body: 'SENATI ofrece transferir su programa de **mantenimiento de maquinaria pesada** desarrollado con empresas mineras: perfiles, módulos, simuladores y formación de instructores.',
    sectors: ['B', 'C'],
    themes: ['productivity', 'osh'],
    expertise: ['curriculum', 'osh'],
    status: 'in_progress',
    daysAgo: 120,
    responses: [
      { from: at('INFOCAL', 'BO'), body: 'INFOCAL tiene demanda de técnicos en maquinaria pesada en Potosí y Oruro; nos interesa recibir el programa y formar a cuatro instructores.', daysAfter: 7 },
    ],
  },
  {
    kind: 'request',
    institution: at('INEFOP', 'UY'),
    title: 'Diálogo social en la gestión de fondos de formación',
    body: 'INEFOP, instituto tripartito, busca intercambiar con instituciones que gestionen fondos de formación con participación de trabajadores y empleadores: **reglas de asignación**, seguimiento y evaluación de resultados.',
    sectors: ['O'],
    themes: ['social_dialogue'],
    expertise: ['social_dialogue', 'policy'],
    status: 'open',
    daysAgo: 22,
    responses: [
      { from: at('Fundae', 'ES'), body: 'Fundae puede presentar el modelo de formación programada por las empresas y la gestión paritaria de las iniciativas.', daysAfter: 2 },
    ],
  },
  {
    kind: 'offer',
    institution: at('ChileValora', 'CL'),
    title: 'Metodología para levantar perfiles ocupacionales con organismos sectoriales',
    body: 'ChileValora ofrece su metodología de **levantamiento de perfiles ocupacionales** con organismos sectoriales tripartitos, y el proceso de acreditación de centros evaluadores.',
    sectors: ['N'],
    themes: ['rpl', 'social_dialogue'],
    expertise: ['assessment', 'rpl'],
    status: 'open',
    daysAgo: 40,
  },
  {
    kind: 'request',
    institution: at('INFOTEP', 'DO'),
    title: 'Formación en competencias verdes para la construcción',
    body: 'INFOTEP busca apoyo para incorporar **competencias verdes** en los programas de construcción: gestión de residuos de obra, eficiencia energética y materiales sostenibles.',
    sectors: ['F'],
    themes: ['green_skills', 'curriculum'],
    expertise: ['green_skills'],
    status: 'open',
    daysAgo: 10,
    deadlineIn: 50,
  },
  {
    kind: 'offer',
    institution: at('IEFP', 'PT'),
    title: 'Partilha do sistema de reconhecimento, validação e certificação de competências',
    body: 'O IEFP partilha a sua experiência no sistema de **reconhecimento, validação e certificação de competências** (RVCC): centros Qualifica, referenciais e formação de técnicos.',
    sectors: ['P'],
    themes: ['rpl'],
    expertise: ['rpl', 'assessment'],
    status: 'open',
    daysAgo: 55,
    responses: [
      { from: at('IEFP', 'CV'), body: 'O IEFP de Cabo Verde tem interesse em adaptar o RVCC ao seu sistema nacional de qualificações.', daysAfter: 8 },
    ],
  },
  {
    kind: 'request',
    institution: at('INATEC', 'NI'),
    title: 'Modernización de talleres de mecánica automotriz',
    body: 'INATEC necesita asesoría para renovar sus talleres de **mecánica automotriz** (vehículos híbridos y diagnóstico electrónico) y actualizar la formación de sus instructores.',
    sectors: ['G', 'C'],
    themes: ['quality', 'trainers'],
    expertise: ['curriculum'],
    status: 'open',
    daysAgo: 18,
  },
  {
    kind: 'offer',
    institution: at('SENAR', 'BR'),
    title: 'Assistência técnica e gerencial para a formação rural',
    body: 'O SENAR oferece a metodologia de **assistência técnica e gerencial** a produtores rurais, combinando formação profissional e acompanhamento na propriedade.',
    sectors: ['A'],
    themes: ['productivity', 'entrepreneurship'],
    expertise: ['productivity', 'entrepreneurship'],
    status: 'open',
    daysAgo: 33,
  },
  {
    kind: 'request',
    institution: at('SECAP', 'EC'),
    title: 'Evaluación de impacto de los programas de capacitación',
    body: 'SECAP quiere diseñar una **evaluación de impacto** de sus programas de capacitación para el empleo: grupos de comparación, seguimiento de egresados e indicadores de inserción.',
    sectors: ['O', 'P'],
    themes: ['quality', 'lmi'],
    expertise: ['policy', 'lmi'],
    status: 'in_progress',
    daysAgo: 95,
    responses: [
      { from: at('SENCE', 'CL'), body: 'SENCE puede compartir su experiencia en evaluaciones de impacto con registros administrativos del seguro de cesantía.', daysAfter: 10 },
    ],
  },
  {
    kind: 'offer',
    institution: at('HEART/NSTA Trust', 'JM'),
    title: 'Apprenticeship programmes with employers in the hospitality sector',
    body: 'HEART/NSTA Trust offers to share its **apprenticeship model** with hotels and resorts: employer agreements, workplace mentors and national certification.',
    sectors: ['I'],
    themes: ['dual', 'youth'],
    expertise: ['dual'],
    status: 'open',
    daysAgo: 26,
    responses: [
      { from: at('BTVI', 'BS'), body: 'BTVI would welcome a study visit for our hospitality instructors and two partner hotels.', daysAfter: 5 },
    ],
  },
  {
    kind: 'request',
    institution: at('UTU', 'UY'),
    title: 'Seguridad y salud en el trabajo en los talleres de formación',
    body: 'UTU busca una institución que comparta sus **protocolos de seguridad y salud** en talleres de soldadura, carpintería y electricidad, y la formación de instructores en prevención.',
    sectors: ['C', 'F'],
    themes: ['osh'],
    expertise: ['osh'],
    status: 'done',
    daysAgo: 240,
    responses: [
      { from: at('SENAI', 'BR'), body: 'O SENAI pode enviar os seus manuais de segurança em oficinas e um curso a distância para instrutores.', daysAfter: 6 },
    ],
  },
  {
    kind: 'offer',
    institution: at('CONALEP', 'MX'),
    title: 'Programas de emprendimiento para estudiantes de educación técnica',
    body: 'CONALEP ofrece su experiencia en **emprendimiento** para estudiantes técnicos: incubadoras escolares, concursos de proyectos y vinculación con financiamiento.',
    sectors: ['P'],
    themes: ['entrepreneurship', 'youth'],
    expertise: ['entrepreneurship'],
    status: 'open',
    daysAgo: 12,
  },
  {
    kind: 'request',
    institution: at('INADEH', 'PA'),
    title: 'Formación para la operación logística del Canal y los puertos',
    body: 'INADEH necesita fortalecer su oferta para **operadores portuarios y logísticos**: perfiles, simuladores de grúas y acuerdos con terminales.',
    sectors: ['H'],
    themes: ['productivity', 'curriculum'],
    expertise: ['curriculum'],
    status: 'open',
    daysAgo: 6,
    deadlineIn: 30,
  },
  {
    kind: 'offer',
    institution: at('SENCICO', 'PE'),
    title: 'Normalización y certificación de competencias en construcción',
    body: 'SENCICO ofrece transferir sus **normas de competencia** para oficios de la construcción y su sistema de certificación de trabajadores con experiencia.',
    sectors: ['F'],
    themes: ['rpl'],
    expertise: ['assessment'],
    status: 'open',
    daysAgo: 44,
  },
];
