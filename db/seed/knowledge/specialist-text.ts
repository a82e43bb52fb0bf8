/** The phrases specialists' summaries and CVs are composed from, by language. */
import type { Lang } from './vocabularies.ts';

/** Universities specialists studied at, by country (a regional one for small countries). */
export const UNIVERSITIES: Record<string, string[]> = {
  AR: ['Universidad de Buenos Aires', 'Universidad Nacional de Córdoba', 'Universidad Tecnológica Nacional'],
  BO: ['Universidad Mayor de San Andrés', 'Universidad Mayor de San Simón'],
  BR: ['Universidade de São Paulo', 'Universidade Federal de Minas Gerais', 'Universidade Tecnológica Federal do Paraná', 'Universidade de Brasília'],
  CL: ['Universidad de Chile', 'Pontificia Universidad Católica de Chile', 'Universidad de Santiago de Chile'],
  CO: ['Universidad Nacional de Colombia', 'Universidad de Antioquia', 'Universidad del Valle'],
  CR: ['Universidad de Costa Rica', 'Instituto Tecnológico de Costa Rica'],
  CU: ['Universidad de La Habana', 'Universidad Tecnológica de La Habana'],
  CV: ['Universidade de Cabo Verde', 'Universidade de Lisboa'],
  DO: ['Universidad Autónoma de Santo Domingo', 'Pontificia Universidad Católica Madre y Maestra'],
  EC: ['Universidad Central del Ecuador', 'Escuela Politécnica Nacional'],
  ES: ['Universidad Complutense de Madrid', 'Universidad de Barcelona', 'Universidad Nacional de Educación a Distancia'],
  GT: ['Universidad de San Carlos de Guatemala', 'Universidad Rafael Landívar'],
  HN: ['Universidad Nacional Autónoma de Honduras', 'Universidad Pedagógica Nacional Francisco Morazán'],
  MX: ['Universidad Nacional Autónoma de México', 'Instituto Politécnico Nacional', 'Universidad de Guadalajara'],
  NI: ['Universidad Nacional Autónoma de Nicaragua', 'Universidad Nacional de Ingeniería'],
  PA: ['Universidad de Panamá', 'Universidad Tecnológica de Panamá'],
  PE: ['Pontificia Universidad Católica del Perú', 'Universidad Nacional de Ingeniería', 'Universidad Nacional Mayor de San Marcos'],
  PT: ['Universidade de Lisboa', 'Universidade do Porto', 'Universidade de Coimbra'],
  PY: ['Universidad Nacional de Asunción', 'Universidad Católica Nuestra Señora de la Asunción'],
  SV: ['Universidad de El Salvador', 'Universidad Centroamericana José Simeón Cañas'],
  UY: ['Universidad de la República', 'Universidad Tecnológica del Uruguay'],
  VE: ['Universidad Central de Venezuela', 'Universidad Simón Bolívar'],
  caribbean: ['The University of the West Indies', 'University of Technology, Jamaica', 'Anton de Kom University of Suriname', 'Université d’État d’Haïti'],
};

/** First degrees and postgraduate degrees. */
export const DEGREES: Record<Lang, { first: string[]; higher: string[] }> = {
  es: {
    first: ['Licenciatura en Ciencias de la Educación', 'Ingeniería Industrial', 'Ingeniería Mecánica', 'Licenciatura en Psicología', 'Licenciatura en Sociología', 'Ingeniería Electrónica', 'Licenciatura en Economía', 'Profesorado de Educación Técnica'],
    higher: ['Maestría en Educación', 'Maestría en Gestión de la Formación Profesional', 'Maestría en Políticas Públicas', 'Especialización en Tecnología Educativa', 'Doctorado en Educación', 'Maestría en Desarrollo Humano', 'Maestría en Gestión de la Calidad'],
  },
  pt: {
    first: ['Licenciatura em Pedagogia', 'Engenharia de Produção', 'Engenharia Mecânica', 'Bacharelado em Psicologia', 'Bacharelado em Ciências Sociais', 'Engenharia Elétrica', 'Bacharelado em Economia', 'Licenciatura em Educação Profissional'],
    higher: ['Mestrado em Educação', 'Mestrado em Educação Profissional e Tecnológica', 'Mestrado em Políticas Públicas', 'Especialização em Educação a Distância', 'Doutorado em Educação', 'Mestrado em Gestão da Qualidade'],
  },
  en: {
    first: ['BEd in Technical and Vocational Education', 'BSc in Electrical Engineering', 'BSc in Mechanical Engineering', 'BSc in Psychology', 'BSc in Economics', 'BA in Sociology', 'BSc in Hospitality and Tourism Management'],
    higher: ['MEd in Technical and Vocational Education and Training', 'MA in Human Resource Development', 'MSc in Public Policy', 'MA in Educational Technology', 'PhD in Education', 'MBA'],
  },
};

/** Positions held ({inst}, {area}: an expertise label in lower case). */
export const POSITIONS: Record<Lang, string[]> = {
  es: ['Coordinación de {area}, {inst}', 'Instructor técnico, {inst}', 'Jefatura de la unidad de {area}, {inst}', 'Consultoría en {area} para OIT/Cinterfor', 'Asesoría técnica en {area}, {inst}', 'Docente de posgrado en {area}'],
  pt: ['Coordenação de {area}, {inst}', 'Instrutor técnico, {inst}', 'Gerência da área de {area}, {inst}', 'Consultoria em {area} para a OIT/Cinterfor', 'Assessoria técnica em {area}, {inst}', 'Docente de pós-graduação em {area}'],
  en: ['Coordinator for {area}, {inst}', 'Technical instructor, {inst}', 'Head of {area}, {inst}', 'Consultant on {area} for ILO/Cinterfor', 'Technical adviser on {area}, {inst}', 'Lecturer in {area} (postgraduate)'],
};

/** Summaries ({name}, {areas}, {years}, {inst}, {countries}). */
export const SUMMARIES: Record<Lang, string[]> = {
  es: [
    'Especialista en {areas}, con {years} años de experiencia en {inst}. Ha asesorado a instituciones de formación profesional de países como {countries}.',
    'Trabaja desde hace {years} años en {areas}. En {inst} coordinó proyectos con empresas y sindicatos, y participa en la red de OIT/Cinterfor.',
    'Profesional con {years} años de trayectoria en {areas}; combina la gestión de programas en {inst} con la docencia y la consultoría.',
  ],
  pt: [
    'Especialista em {areas}, com {years} anos de experiência ({inst}). Assessorou instituições de educação profissional de países como {countries}.',
    'Atua há {years} anos com {areas}. Coordenou projetos com empresas e sindicatos ({inst}) e participa da rede da OIT/Cinterfor.',
    'Profissional com {years} anos de trajetória em {areas}; combina a gestão de programas ({inst}) com a docência e a consultoria.',
  ],
  en: [
    'Specialist in {areas} with {years} years of experience at {inst}. Has advised training institutions in {countries}.',
    'Has worked on {areas} for {years} years. At {inst} led projects with employers and unions, and takes part in the ILO/Cinterfor network.',
    'A {years}-year career in {areas}, combining programme management at {inst} with teaching and consultancy.',
  ],
};
