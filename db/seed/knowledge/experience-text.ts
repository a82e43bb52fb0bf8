/**
 * The phrases experiences are composed from, by language: titles ({topic}, {Topic}, {field},
 * {city}, {subsector}, {inst}), summaries ({period}, {inst}, {topic}, {field}, {partners},
 * {practices}) and the partners institutions work with ({city}).
 */
import type { Lang } from './vocabularies.ts';

export const EXPERIENCE_TITLES: Record<Lang, string[]> = {
  es: ['{Topic} en {field}: la experiencia de {inst}', 'Proyecto piloto de {topic} en {city}', '{Topic} en el sector de {subsector}', '{Topic}: aprendizajes de un proyecto de {field}', 'Alianza con empresas de {subsector} para {topic}'],
  pt: ['{Topic} em {field} ({inst})', 'Projeto piloto de {topic} em {city}', '{Topic} no setor de {subsector}', '{Topic}: lições de um projeto de {field}', 'Parceria com empresas de {subsector} para {topic}'],
  en: ['{Topic} in {field}: the {inst} experience', 'Pilot project on {topic} in {city}', '{Topic} in the {subsector} sector', '{Topic}: lessons from a {field} project', 'Partnering with {subsector} employers on {topic}'],
};

/** {start} and {end} years, or only {start} for what is still running. */
export const PERIODS: Record<Lang, { closed: string; open: string }> = {
  es: { closed: 'Entre {start} y {end}', open: 'Desde {start}' },
  pt: { closed: 'Entre {start} e {end}', open: 'Desde {start}' },
  en: { closed: 'Between {start} and {end}', open: 'Since {start}' },
};

/** Summaries of finished experiences ({period}: "Entre 2015 y 2018"). */
export const EXPERIENCE_SUMMARIES: Record<Lang, string[]> = {
  es: [
    '{period}, {inst} desarrolló una experiencia de {topic} en {field}, junto con {partners}. Lo que hicimos: {practices}.',
    '{period}, {inst} y {partners} trabajaron en {topic} con centros y empresas de {field}. Lo que hicimos: {practices}.',
  ],
  pt: [
    '{period}, {inst} desenvolveu uma experiência de {topic} em {field}, em parceria com {partners}. O que fizemos: {practices}.',
    '{period}, {inst} e {partners} trabalharam com {topic} em centros e empresas de {field}. O que fizemos: {practices}.',
  ],
  en: [
    '{period}, {inst} worked on {topic} in {field} together with {partners}. What we did: {practices}.',
    '{period}, {inst} and {partners} took on {topic} with training centres and employers in {field}. What we did: {practices}.',
  ],
};

/** Summaries of experiences still running ({period}: "Desde 2023"). */
export const ONGOING_SUMMARIES: Record<Lang, string[]> = {
  es: [
    '{period}, {inst} desarrolla una experiencia de {topic} en {field}, junto con {partners}. Lo que hicimos hasta ahora: {practices}.',
    '{period}, {inst} y {partners} trabajan en {topic} con centros y empresas de {field}. Lo que hicimos hasta ahora: {practices}.',
  ],
  pt: [
    '{period}, {inst} desenvolve uma experiência de {topic} em {field}, em parceria com {partners}. O que fizemos até agora: {practices}.',
    '{period}, {inst} e {partners} trabalham com {topic} em centros e empresas de {field}. O que fizemos até agora: {practices}.',
  ],
  en: [
    '{period}, {inst} has been working on {topic} in {field} together with {partners}. What we have done so far: {practices}.',
    '{period}, {inst} and {partners} have been taking on {topic} with training centres and employers in {field}. What we have done so far: {practices}.',
  ],
};

/** Said after the results, sometimes. */
export const FOLLOW_UPS: Record<Lang, string[]> = {
  es: ['El modelo se está extendiendo a otros centros de la institución.', 'La experiencia fue documentada y compartida en la red de OIT/Cinterfor.', 'El siguiente paso es llevarla a otras regiones del país.'],
  pt: ['O modelo está sendo ampliado para outras unidades da instituição.', 'A experiência foi documentada e compartilhada na rede da OIT/Cinterfor.', 'O próximo passo é levá-la a outras regiões do país.'],
  en: ['The model is being extended to other centres of the institution.', 'The experience was documented and shared across the ILO/Cinterfor network.', 'The next step is to take it to other regions of the country.'],
};

/**
 * Partners other than the network's institutions, by where the experience took place; the
 * article a sentence needs comes before a bar ("la|Cámara de Comercio").
 */
export const PARTNERS: Record<'es' | 'br' | 'pt' | 'en', string[]> = {
  es: [
    'la|Cámara de Comercio de {city}', 'el|Ministerio de Educación', 'la|municipalidad de {city}', 'la|universidad pública de la región',
    'la|asociación de pequeñas y medianas empresas', 'el|sindicato del sector', 'OIT/Cinterfor', 'la|Cooperación Alemana (GIZ)',
    'la|Unión Europea', 'el|Banco Interamericano de Desarrollo', 'la|AECID', 'CAF – Banco de Desarrollo de América Latina',
  ],
  br: [
    'a|Federação das Indústrias do Estado', 'a|Prefeitura de {city}', 'a|universidade federal da região', 'o|Sebrae',
    'o|sindicato dos trabalhadores do setor', 'a|OIT/Cinterfor', 'a|Cooperação Alemã (GIZ)', 'a|União Europeia', 'a|secretaria estadual de educação',
  ],
  pt: [
    'a|Câmara Municipal de {city}', 'a|associação empresarial da região', 'o|instituto politécnico da região', 'o|sindicato do setor',
    'a|OIT/Cinterfor', 'o|Camões, I.P.', 'a|União Europeia', 'o|Ministério da Educação',
  ],
  en: [
    'the|Chamber of Commerce', 'the|Ministry of Education', 'the|University of the West Indies', 'the|Caribbean Development Bank',
    'the|national employers’ federation', 'the|trade union congress', 'ILO/Cinterfor', 'the|Inter-American Development Bank', 'the|European Union',
  ],
};
