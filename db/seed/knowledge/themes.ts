/**
 * What the knowledge records say about each theme: topics (noun phrases), practices (what a
 * team did, first person plural), results (with {a} {b} {n} numbers) and a specialty phrase.
 * Most themes reuse the forum templates, so discussions and knowledge speak alike; the two
 * themes the forums lack are written here.
 */
import { THEMES as FORUM_THEMES, type ThemeKey } from '../forums/templates/index.ts';
import type { Lang, ThemeCode } from './vocabularies.ts';

export interface ThemeWords {
  specialty: string;
  topics: readonly string[];
  practices: readonly string[];
  results: readonly string[];
}

/** The vocabulary theme each forum community is about. */
export const FORUM_THEME_CODES: Readonly<Record<ThemeKey, ThemeCode>> = {
  competencies: 'curriculum',
  rpl: 'rpl',
  dual: 'dual',
  ict: 'ict',
  green: 'green_skills',
  quality: 'quality',
  gender: 'inclusion',
  youth: 'youth',
  trainers: 'trainers',
  dialogue: 'social_dialogue',
  lmi: 'lmi',
  osh: 'osh',
};

const productivity: Record<Lang, ThemeWords> = {
  es: {
    specialty: 'productividad y mejora continua en las empresas',
    topics: ['mejora continua en pymes', 'manufactura esbelta', 'productividad laboral', 'gestión de la producción', 'trabajo decente y productividad'],
    practices: [
      'acompañamos a pymes con consultores formados en mejora continua',
      'medimos tiempos y desperdicios junto con los equipos de planta',
      'formamos comités de productividad con participación de los trabajadores',
      'vinculamos los cursos con proyectos de mejora en cada empresa',
    ],
    results: ['la productividad de las empresas participantes aumentó un {a} %', 'los tiempos de entrega se redujeron un {a} %', 'más de {n} trabajadores participaron en proyectos de mejora'],
  },
  pt: {
    specialty: 'produtividade e melhoria contínua nas empresas',
    topics: ['melhoria contínua em pequenas empresas', 'manufatura enxuta', 'produtividade do trabalho', 'gestão da produção', 'trabalho decente e produtividade'],
    practices: [
      'acompanhamos pequenas empresas com consultores formados em melhoria contínua',
      'medimos tempos e desperdícios junto com as equipes de produção',
      'criamos comitês de produtividade com participação dos trabalhadores',
      'vinculamos os cursos a projetos de melhoria em cada empresa',
    ],
    results: ['a produtividade das empresas participantes aumentou {a}%', 'os prazos de entrega caíram {a}%', 'mais de {n} trabalhadores participaram de projetos de melhoria'],
  },
  en: {
    specialty: 'productivity and continuous improvement in enterprises',
    topics: ['continuous improvement in SMEs', 'lean manufacturing', 'labour productivity', 'production management', 'decent work and productivity'],
    practices: [
      'we supported small firms with consultants trained in continuous improvement',
      'we measured cycle times and waste together with shop-floor teams',
      'we set up productivity committees with worker participation',
      'we linked every course to an improvement project in the company',
    ],
    results: ['productivity in the participating firms rose by {a}%', 'delivery times fell by {a}%', 'more than {n} workers took part in improvement projects'],
  },
};

const entrepreneurship: Record<Lang, ThemeWords> = {
  es: {
    specialty: 'emprendimiento y formación para el autoempleo',
    topics: ['formación para el autoempleo', 'planes de negocio para egresados', 'emprendimiento femenino', 'incubación de microempresas', 'educación financiera'],
    practices: [
      'incorporamos un módulo de plan de negocio en todos los cursos de oficio',
      'acompañamos a los egresados durante el primer año de su emprendimiento',
      'organizamos ferias para que los participantes vendieran sus productos',
      'articulamos con bancos y cooperativas para facilitar el microcrédito',
    ],
    results: ['el {b} % de los emprendimientos seguía activo al año', 'se crearon {n} microempresas en dos años', 'el {a} % de las participantes formalizó su negocio'],
  },
  pt: {
    specialty: 'empreendedorismo e formação para o trabalho autônomo',
    topics: ['formação para o trabalho autônomo', 'planos de negócio para egressos', 'empreendedorismo feminino', 'incubação de microempresas', 'educação financeira'],
    practices: [
      'incluímos um módulo de plano de negócio em todos os cursos de qualificação',
      'acompanhamos os egressos durante o primeiro ano do empreendimento',
      'organizamos feiras para os participantes venderem seus produtos',
      'articulamos com bancos e cooperativas para facilitar o microcrédito',
    ],
    results: ['{b}% dos empreendimentos continuavam ativos após um ano', 'foram criadas {n} microempresas em dois anos', '{a}% das participantes formalizaram o negócio'],
  },
  en: {
    specialty: 'entrepreneurship and training for self-employment',
    topics: ['training for self-employment', 'business plans for graduates', 'women’s entrepreneurship', 'micro-enterprise incubation', 'financial literacy'],
    practices: [
      'we added a business-plan module to every trade course',
      'we mentored graduates through the first year of their business',
      'we organised fairs where participants sold their products',
      'we worked with banks and credit unions to ease access to microcredit',
    ],
    results: ['{b}% of the businesses were still trading after a year', '{n} micro-enterprises were started in two years', '{a}% of the women participants registered their business'],
  },
};

function fromForum(key: ThemeKey): Record<Lang, ThemeWords> {
  const theme = FORUM_THEMES[key];
  return { es: theme.es, pt: theme.pt, en: theme.en };
}

/** The words of every vocabulary theme, by language. */
export const THEME_WORDS: Readonly<Record<ThemeCode, Record<Lang, ThemeWords>>> = {
  ict: fromForum('ict'),
  productivity,
  social_dialogue: fromForum('dialogue'),
  rpl: fromForum('rpl'),
  inclusion: fromForum('gender'),
  green_skills: fromForum('green'),
  quality: fromForum('quality'),
  dual: fromForum('dual'),
  trainers: fromForum('trainers'),
  youth: fromForum('youth'),
  lmi: fromForum('lmi'),
  osh: fromForum('osh'),
  curriculum: fromForum('competencies'),
  entrepreneurship,
};
