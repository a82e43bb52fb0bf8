/**
 * The controlled vocabularies of the knowledge bases, with labels in Spanish, Portuguese and
 * English. Exported as typed constants (the API, the client and the seed use the same codes)
 * and loaded into `vocab_terms` with the reference data.
 */
import { transaction } from '../../access.ts';
import type { Db } from '../../client.ts';
import { insertBatches } from '../write.ts';
import { vocabTerms } from '../../schema/index.ts';
import { OCCUPATIONS } from './vocab-occupations.ts';
import { VOCAB_SCHEMES, type VocabEntry, type VocabScheme } from './vocab-types.ts';

export { LANGS, VOCAB_SCHEMES, type Lang, type VocabEntry, type VocabScheme } from './vocab-types.ts';
export { OCCUPATIONS } from './vocab-occupations.ts';

/** ISIC Rev.4 sections. */
export const SECTORS = [
  { code: 'A', es: 'Agricultura, ganadería, silvicultura y pesca', pt: 'Agricultura, pecuária, produção florestal, pesca e aquicultura', en: 'Agriculture, forestry and fishing' },
  { code: 'B', es: 'Explotación de minas y canteras', pt: 'Indústrias extrativas', en: 'Mining and quarrying' },
  { code: 'C', es: 'Industrias manufactureras', pt: 'Indústrias de transformação', en: 'Manufacturing' },
  { code: 'D', es: 'Suministro de electricidad, gas, vapor y aire acondicionado', pt: 'Eletricidade, gás, vapor e ar condicionado', en: 'Electricity, gas, steam and air conditioning supply' },
  { code: 'E', es: 'Suministro de agua; evacuación de aguas residuales, gestión de desechos y descontaminación', pt: 'Água, esgoto, atividades de gestão de resíduos e descontaminação', en: 'Water supply; sewerage, waste management and remediation activities' },
  { code: 'F', es: 'Construcción', pt: 'Construção', en: 'Construction' },
  { code: 'G', es: 'Comercio al por mayor y al por menor; reparación de vehículos automotores y motocicletas', pt: 'Comércio; reparação de veículos automotores e motocicletas', en: 'Wholesale and retail trade; repair of motor vehicles and motorcycles' },
  { code: 'H', es: 'Transporte y almacenamiento', pt: 'Transporte, armazenagem e correio', en: 'Transportation and storage' },
  { code: 'I', es: 'Actividades de alojamiento y de servicio de comidas', pt: 'Alojamento e alimentação', en: 'Accommodation and food service activities' },
  { code: 'J', es: 'Información y comunicaciones', pt: 'Informação e comunicação', en: 'Information and communication' },
  { code: 'K', es: 'Actividades financieras y de seguros', pt: 'Atividades financeiras, de seguros e serviços relacionados', en: 'Financial and insurance activities' },
  { code: 'L', es: 'Actividades inmobiliarias', pt: 'Atividades imobiliárias', en: 'Real estate activities' },
  { code: 'M', es: 'Actividades profesionales, científicas y técnicas', pt: 'Atividades profissionais, científicas e técnicas', en: 'Professional, scientific and technical activities' },
  { code: 'N', es: 'Actividades de servicios administrativos y de apoyo', pt: 'Atividades administrativas e serviços complementares', en: 'Administrative and support service activities' },
  { code: 'O', es: 'Administración pública y defensa; planes de seguridad social de afiliación obligatoria', pt: 'Administração pública, defesa e seguridade social', en: 'Public administration and defence; compulsory social security' },
  { code: 'P', es: 'Enseñanza', pt: 'Educação', en: 'Education' },
  { code: 'Q', es: 'Actividades de atención de la salud humana y de asistencia social', pt: 'Saúde humana e serviços sociais', en: 'Human health and social work activities' },
  { code: 'R', es: 'Actividades artísticas, de entretenimiento y recreativas', pt: 'Artes, cultura, esporte e recreação', en: 'Arts, entertainment and recreation' },
  { code: 'S', es: 'Otras actividades de servicios', pt: 'Outras atividades de serviços', en: 'Other service activities' },
  { code: 'T', es: 'Actividades de los hogares como empleadores; actividades no diferenciadas de los hogares como productores de bienes y servicios para uso propio', pt: 'Serviços domésticos', en: 'Activities of households as employers; undifferentiated goods- and services-producing activities of households for own use' },
  { code: 'U', es: 'Actividades de organizaciones y órganos extraterritoriales', pt: 'Organismos internacionais e outras instituições extraterritoriais', en: 'Activities of extraterritorial organizations and bodies' },
] as const satisfies readonly VocabEntry[];

/** ISCED 2011 levels. */
export const LEVELS = [
  { code: '0', es: 'Educación de la primera infancia', pt: 'Educação da primeira infância', en: 'Early childhood education' },
  { code: '1', es: 'Educación primaria', pt: 'Ensino primário', en: 'Primary education' },
  { code: '2', es: 'Educación secundaria baja', pt: 'Ensino secundário inferior', en: 'Lower secondary education' },
  { code: '3', es: 'Educación secundaria alta', pt: 'Ensino secundário superior', en: 'Upper secondary education' },
  { code: '4', es: 'Educación postsecundaria no terciaria', pt: 'Ensino pós-secundário não superior', en: 'Post-secondary non-tertiary education' },
  { code: '5', es: 'Educación terciaria de ciclo corto', pt: 'Ensino superior de ciclo curto', en: 'Short-cycle tertiary education' },
  { code: '6', es: 'Grado en educación terciaria o nivel equivalente', pt: 'Licenciatura ou nível equivalente', en: "Bachelor's or equivalent level" },
  { code: '7', es: 'Nivel de maestría, especialización o equivalente', pt: 'Mestrado ou nível equivalente', en: "Master's or equivalent level" },
  { code: '8', es: 'Nivel de doctorado o equivalente', pt: 'Doutoramento ou nível equivalente', en: 'Doctoral or equivalent level' },
] as const satisfies readonly VocabEntry[];

/** The themes the network works on (communities, resources, experiences). */
export const THEMES = [
  { code: 'ict', es: 'TIC en la formación', pt: 'TIC na formação', en: 'ICT in training' },
  { code: 'productivity', es: 'Productividad', pt: 'Produtividade', en: 'Productivity' },
  { code: 'social_dialogue', es: 'Diálogo social', pt: 'Diálogo social', en: 'Social dialogue' },
  { code: 'rpl', es: 'Reconocimiento de competencias (RAP)', pt: 'Reconhecimento de saberes e competências', en: 'Competency recognition (RPL)' },
  { code: 'inclusion', es: 'Inclusión y género', pt: 'Inclusão e gênero', en: 'Inclusion and gender' },
  { code: 'green_skills', es: 'Competencias verdes', pt: 'Competências verdes', en: 'Green skills' },
  { code: 'quality', es: 'Calidad de la formación', pt: 'Qualidade da formação', en: 'Quality of training' },
  { code: 'dual', es: 'Aprendizaje y formación dual', pt: 'Aprendizagem e formação dual', en: 'Apprenticeships and dual training' },
  { code: 'trainers', es: 'Formación de formadores', pt: 'Formação de formadores', en: 'Trainer development' },
  { code: 'youth', es: 'Empleabilidad juvenil', pt: 'Empregabilidade juvenil', en: 'Youth employability' },
  { code: 'lmi', es: 'Información sobre el mercado de trabajo', pt: 'Informação sobre o mercado de trabalho', en: 'Labour-market intelligence' },
  { code: 'osh', es: 'Seguridad y salud en el trabajo', pt: 'Segurança e saúde no trabalho', en: 'Occupational safety and health' },
  { code: 'curriculum', es: 'Diseño curricular', pt: 'Desenho curricular', en: 'Curriculum design' },
  { code: 'entrepreneurship', es: 'Emprendimiento', pt: 'Empreendedorismo', en: 'Entrepreneurship' },
] as const satisfies readonly VocabEntry[];

/** What specialists know about: the themes and a few crafts of the trade. */
export const EXPERTISE = [
  ...THEMES,
  { code: 'assessment', es: 'Evaluación y certificación', pt: 'Avaliação e certificação', en: 'Assessment and certification' },
  { code: 'instructional_design', es: 'Diseño instruccional', pt: 'Design instrucional', en: 'Instructional design' },
  { code: 'distance_learning', es: 'Formación a distancia', pt: 'Educação a distância', en: 'Distance learning' },
  { code: 'policy', es: 'Políticas y gobernanza de la formación', pt: 'Políticas e governança da formação', en: 'Policy and governance' },
] as const satisfies readonly VocabEntry[];

export const RESOURCE_TYPES = [
  { code: 'manual', es: 'Manual', pt: 'Manual', en: 'Manual' },
  { code: 'guide', es: 'Guía', pt: 'Guia', en: 'Guide' },
  { code: 'curriculum', es: 'Programa curricular', pt: 'Plano de curso', en: 'Curriculum' },
  { code: 'course', es: 'Curso', pt: 'Curso', en: 'Course' },
  { code: 'video', es: 'Video', pt: 'Vídeo', en: 'Video' },
  { code: 'simulator', es: 'Simulador', pt: 'Simulador', en: 'Simulator' },
  { code: 'toolkit', es: 'Caja de herramientas', pt: 'Kit de ferramentas', en: 'Toolkit' },
  { code: 'assessment_instrument', es: 'Instrumento de evaluación', pt: 'Instrumento de avaliação', en: 'Assessment instrument' },
  { code: 'study', es: 'Estudio', pt: 'Estudo', en: 'Study' },
  { code: 'presentation', es: 'Presentación', pt: 'Apresentação', en: 'Presentation' },
  { code: 'standard', es: 'Norma de competencia', pt: 'Norma de competência', en: 'Competency standard' },
  { code: 'report', es: 'Informe', pt: 'Relatório', en: 'Report' },
] as const satisfies readonly VocabEntry[];

export const AUDIENCES = [
  { code: 'learners', es: 'Estudiantes y aprendices', pt: 'Estudantes e aprendizes', en: 'Learners' },
  { code: 'trainers', es: 'Formadores', pt: 'Formadores', en: 'Trainers' },
  { code: 'managers', es: 'Directivos', pt: 'Gestores', en: 'Managers' },
  { code: 'policy_makers', es: 'Responsables de políticas', pt: 'Formuladores de políticas', en: 'Policy makers' },
] as const satisfies readonly VocabEntry[];

export const MODALITIES = [
  { code: 'in_person', es: 'Presencial', pt: 'Presencial', en: 'In person' },
  { code: 'virtual', es: 'Virtual', pt: 'A distância', en: 'Online' },
  { code: 'blended', es: 'Semipresencial', pt: 'Híbrida', en: 'Blended' },
  { code: 'dual', es: 'Dual', pt: 'Dual', en: 'Dual' },
  { code: 'work_based', es: 'En el lugar de trabajo', pt: 'No local de trabalho', en: 'Work-based' },
] as const satisfies readonly VocabEntry[];

export const LICENCES = [
  { code: 'cc_by', es: 'CC BY 4.0', pt: 'CC BY 4.0', en: 'CC BY 4.0' },
  { code: 'cc_by_sa', es: 'CC BY-SA 4.0', pt: 'CC BY-SA 4.0', en: 'CC BY-SA 4.0' },
  { code: 'cc_by_nc', es: 'CC BY-NC 4.0', pt: 'CC BY-NC 4.0', en: 'CC BY-NC 4.0' },
  { code: 'cc_by_nc_sa', es: 'CC BY-NC-SA 4.0', pt: 'CC BY-NC-SA 4.0', en: 'CC BY-NC-SA 4.0' },
  { code: 'all_rights_reserved', es: 'Todos los derechos reservados', pt: 'Todos os direitos reservados', en: 'All rights reserved' },
  { code: 'public_domain', es: 'Dominio público', pt: 'Domínio público', en: 'Public domain' },
] as const satisfies readonly VocabEntry[];

export const AVAILABILITY = [
  { code: 'answering', es: 'Responde consultas', pt: 'Responde a consultas', en: 'Answers questions' },
  { code: 'assistance', es: 'Asistencia técnica', pt: 'Assistência técnica', en: 'Technical assistance' },
  { code: 'mentoring', es: 'Mentoría', pt: 'Mentoria', en: 'Mentoring' },
  { code: 'speaking', es: 'Conferencias y paneles', pt: 'Palestras e painéis', en: 'Speaking engagements' },
] as const satisfies readonly VocabEntry[];

export type SectorCode = (typeof SECTORS)[number]['code'];
export type OccupationCode = (typeof OCCUPATIONS)[number]['code'];
export type LevelCode = (typeof LEVELS)[number]['code'];
export type ThemeCode = (typeof THEMES)[number]['code'];
export type ExpertiseCode = (typeof EXPERTISE)[number]['code'];
export type ResourceTypeCode = (typeof RESOURCE_TYPES)[number]['code'];
export type AudienceCode = (typeof AUDIENCES)[number]['code'];
export type ModalityCode = (typeof MODALITIES)[number]['code'];
export type LicenceCode = (typeof LICENCES)[number]['code'];
export type AvailabilityCode = (typeof AVAILABILITY)[number]['code'];

/** Every scheme's terms, in display order. */
export const VOCABULARIES: Readonly<Record<VocabScheme, readonly VocabEntry[]>> = {
  sector: SECTORS,
  occupation: OCCUPATIONS,
  level: LEVELS,
  theme: THEMES,
  expertise: EXPERTISE,
  resource_type: RESOURCE_TYPES,
  audience: AUDIENCES,
  modality: MODALITIES,
  licence: LICENCES,
  availability: AVAILABILITY,
};

export const codesOf = <T extends VocabEntry>(terms: readonly T[]): T['code'][] => terms.map((t) => t.code);

/** A term's label in one language, or undefined when the code is not in the scheme. */
export function vocabLabel(scheme: VocabScheme, code: string, lang: 'es' | 'pt' | 'en'): string | undefined {
  return VOCABULARIES[scheme].find((t) => t.code === code)?.[lang];
}

export function vocabTermRows(): (typeof vocabTerms.$inferInsert)[] {
  return VOCAB_SCHEMES.flatMap((scheme) =>
    VOCABULARIES[scheme].map((t, position) => ({
      scheme,
      code: t.code,
      labelEs: t.es,
      labelPt: t.pt,
      labelEn: t.en,
      parentCode: t.parent ?? null,
      position,
    })),
  );
}

/** Loads every scheme into `vocab_terms`; returns how many terms. */
export async function insertVocabularies(db: Db): Promise<number> {
  const rows = vocabTermRows();
  await transaction(db, () => insertBatches(db, vocabTerms, rows, 200));
  return rows.length;
}
