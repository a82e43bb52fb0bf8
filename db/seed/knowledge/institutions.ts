/**
 * What kind of body each member institution is, and a short description in its own language
 * (Haiti's and Suriname's in English, the language the demo uses for them). Applied to the
 * seeded institutions with the reference data; `output` is how much each one publishes in the
 * demo knowledge bases, relative to the others.
 */
import { eq } from 'drizzle-orm';
import { transaction } from '../../access.ts';
import type { Db } from '../../client.ts';
import { institutions } from '../../schema/index.ts';

export const INSTITUTION_TYPES = ['public', 'private', 'tripartite', 'sectoral', 'subnational'] as const;
export type InstitutionType = (typeof INSTITUTION_TYPES)[number];

export interface InstitutionProfile {
  type: InstitutionType;
  description: string;
  /** Relative volume of knowledge records: training providers publish most, ministries least. */
  output: number;
}

const p = (type: InstitutionType, output: number, description: string): InstitutionProfile => ({ type, output, description });

/** By "country code:acronym" (the same acronym exists in several countries). */
export const INSTITUTION_PROFILES: Readonly<Record<string, InstitutionProfile>> = {
  'AR:INET': p('public', 3, 'Organismo del Ministerio de Educación que coordina la educación técnico-profesional en todo el país: define marcos de referencia para las familias profesionales, financia el equipamiento de escuelas técnicas y centros de formación profesional y acompaña la actualización docente.'),
  'AR:STEySS': p('public', 1, 'Área del gobierno nacional responsable de las políticas de trabajo, empleo y seguridad social. Financia programas de formación continua y certificación de competencias junto con los consejos sectoriales y las redes de formación de las provincias.'),
  'AR:UOCRA': p('sectoral', 2, 'Fundación creada por el sindicato de la construcción para la formación de los trabajadores del sector. Gestiona centros de formación profesional en todo el país, con cursos de oficios, certificación de competencias y programas de seguridad en obra.'),
  'BB:TVET Council': p('tripartite', 2, 'Statutory body with employer, worker and government representation that coordinates technical and vocational education and training in Barbados. It develops occupational standards, awards National and Caribbean Vocational Qualifications and quality-assures training providers.'),
  'BO:INFOCAL': p('private', 2, 'Fundación del sector empresarial boliviano con centros de formación en los nueve departamentos. Ofrece carreras técnicas, cursos de capacitación para trabajadores y servicios de formación a medida para las empresas.'),
  'BO:MTEPS': p('public', 1, 'Ministerio encargado de las políticas laborales, de empleo y de previsión social de Bolivia. Impulsa programas de apoyo al empleo y de formación para el trabajo dirigidos a jóvenes y a trabajadores en situación de vulnerabilidad.'),
  'BR:CPS': p('subnational', 3, 'Autarquia do Governo do Estado de São Paulo que administra as Escolas Técnicas (Etecs) e as Faculdades de Tecnologia (Fatecs) estaduais. Oferece cursos técnicos de nível médio e cursos superiores de tecnologia em todas as regiões do estado.'),
  'BR:MTE': p('public', 1, 'Ministério responsável pelas políticas de trabalho, emprego e renda no Brasil. Coordena a Classificação Brasileira de Ocupações (CBO), a política de aprendizagem profissional e programas de qualificação social e profissional.'),
  'BR:SENAC': p('sectoral', 4, 'Instituição do Sistema S mantida pelo setor de comércio de bens, serviços e turismo. Oferece educação profissional em todo o país, da formação inicial aos cursos técnicos e de graduação, com forte presença em gastronomia, saúde, gestão e hotelaria.'),
  'BR:SENAI': p('sectoral', 5, 'Maior complexo de educação profissional da América Latina, criado pela Confederação Nacional da Indústria. Forma trabalhadores para a indústria em cursos de aprendizagem, técnicos e superiores e presta serviços de tecnologia e inovação às empresas.'),
  'BR:SENAR': p('sectoral', 3, 'Instituição do Sistema S voltada à formação profissional rural e à promoção social das pessoas do campo. Atua com instrutores em todo o território, com cursos de produção agrícola e pecuária, assistência técnica e cursos técnicos a distância.'),
  'BR:SENAT': p('sectoral', 2, 'Instituição do Sistema S mantida pelo setor de transporte, que oferece qualificação profissional para motoristas, mecânicos e trabalhadores da logística, em unidades próprias e na modalidade a distância.'),
  'BR:SESCOOP': p('sectoral', 2, 'Instituição do Sistema S dedicada à formação profissional, ao monitoramento e à promoção social das cooperativas brasileiras e de seus associados e empregados.'),
  'BR:SESI': p('sectoral', 2, 'Instituição do Sistema S mantida pela indústria que atua em educação básica e continuada, segurança e saúde no trabalho e promoção da qualidade de vida dos trabalhadores industriais.'),
  'BS:BTVI': p('public', 2, 'The Bahamas Technical and Vocational Institute is the country’s public provider of technical and vocational training, with campuses in New Providence and Grand Bahama offering certificate and associate programmes in construction, hospitality, automotive and electrical trades.'),
  'CL:ChileValora': p('tripartite', 3, 'Comisión tripartita que administra el Sistema Nacional de Certificación de Competencias Laborales. Junto con los organismos sectoriales de competencias laborales, levanta y actualiza perfiles ocupacionales y acredita a los centros que evalúan y certifican a los trabajadores.'),
  'CL:INACAP': p('private', 4, 'Institución privada de educación superior técnico-profesional con sedes a lo largo de todo Chile. Integra universidad, instituto profesional y centro de formación técnica, y mantiene programas de capacitación para trabajadores y empresas.'),
  'CL:SENCE': p('public', 2, 'Servicio público que gestiona la franquicia tributaria para la capacitación en las empresas y los programas públicos de capacitación e intermediación laboral, en coordinación con los organismos técnicos de capacitación.'),
  'CO:MinTrabajo': p('public', 1, 'Ministerio rector de la política de trabajo y empleo de Colombia. Participa en la construcción del Marco Nacional de Cualificaciones y en la regulación del Subsistema de Formación para el Trabajo.'),
  'CO:SENA': p('public', 5, 'Establecimiento público adscrito al Ministerio del Trabajo, con consejo directivo tripartito, que ofrece formación profesional integral gratuita en todos los departamentos. Gestiona las mesas sectoriales, las normas de competencia laboral y la certificación de competencias.'),
  'CR:INA': p('public', 4, 'Institución autónoma rectora de la formación profesional en Costa Rica, con junta directiva de representación tripartita. Ofrece programas de formación y capacitación en núcleos tecnológicos que cubren los principales sectores productivos y certifica competencias.'),
  'CR:MTSS': p('public', 1, 'Ministerio encargado de la política laboral y de seguridad social de Costa Rica. Coordina programas de empleo y de formación para poblaciones vulnerables, en articulación con el INA y el sector productivo.'),
  'CU:MTSS': p('public', 1, 'Organismo de la administración central del Estado encargado de la política laboral, salarial y de seguridad social. Orienta la capacitación de los trabajadores y la formación de la fuerza de trabajo calificada junto con las entidades empleadoras.'),
  'CV:IEFP': p('public', 2, 'Instituto público que executa as políticas de emprego e formação profissional em Cabo Verde. Gere centros de emprego e formação nas várias ilhas, com cursos de qualificação em turismo, construção, energia e tecnologias.'),
  'DO:INFOTEP': p('tripartite', 4, 'Organismo rector del sistema nacional de formación técnico profesional de la República Dominicana, dirigido por una junta de composición tripartita. Ofrece formación para el trabajo en centros propios y operadores acreditados, y promueve la formación dual en las empresas.'),
  'DO:MT': p('public', 1, 'Ministerio responsable de la política laboral de la República Dominicana. Gestiona el Servicio Nacional de Empleo y observa el mercado de trabajo para orientar la oferta de formación.'),
  'EC:MDT': p('public', 1, 'Ministerio rector del trabajo y el empleo en Ecuador. Define las políticas de capacitación y de certificación de personas, en coordinación con el SECAP y los organismos evaluadores de la conformidad.'),
  'EC:SECAP': p('public', 3, 'Servicio público adscrito al Ministerio del Trabajo que ofrece capacitación y formación profesional en todo el Ecuador. Diseña programas por competencias, certifica personas y atiende a trabajadores, emprendedores y jóvenes.'),
  'ES:Fundae': p('tripartite', 3, 'Fundación del sector público estatal con patronato formado por la Administración, las organizaciones empresariales y los sindicatos. Gestiona la formación programada por las empresas y apoya al Servicio Público de Empleo Estatal en la formación profesional para el empleo.'),
  'ES:SEPE': p('public', 2, 'Organismo autónomo que, junto con los servicios de empleo de las comunidades autónomas, gestiona las políticas activas de empleo en España. Coordina la oferta de formación para el empleo y los certificados de profesionalidad.'),
  'GT:INTECAP': p('tripartite', 4, 'Instituto de formación profesional con junta directiva tripartita que ofrece capacitación y formación técnica en todo el territorio guatemalteco. Impulsa la formación dual, la certificación de competencias y servicios de asistencia técnica a las empresas.'),
  'GT:MINTRAB': p('public', 1, 'Ministerio rector de la política laboral de Guatemala. Gestiona el Servicio Nacional de Empleo y programas de empleabilidad para jóvenes, en coordinación con el INTECAP.'),
  'HN:INFOP': p('tripartite', 3, 'Instituto de formación profesional con conducción tripartita que capacita a trabajadores y jóvenes en los sectores industrial, agropecuario, comercial y de servicios, en centros fijos y acciones móviles en todo el país.'),
  'HN:STSS': p('public', 1, 'Secretaría de Estado responsable del trabajo y la seguridad social en Honduras. Coordina el servicio de empleo y programas de inserción laboral de jóvenes.'),
  'HT:INFP': p('public', 2, 'Haiti’s National Vocational Training Institute regulates and supports technical and vocational training: it accredits public and private training centres, develops training standards and coordinates programmes with employers and international partners.'),
  'JM:HEART/NSTA Trust': p('public', 4, 'Jamaica’s national training agency, which finances and delivers technical and vocational education and training, develops occupational standards and awards National Vocational Qualifications of Jamaica through its institutes and partner providers.'),
  'MX:CONALEP': p('public', 3, 'Organismo público descentralizado que ofrece bachillerato profesional técnico en planteles de todo el país. Forma técnicos en carreras industriales y de servicios con vinculación a las empresas y modelo mexicano de formación dual.'),
  'MX:CONOCER': p('tripartite', 3, 'Entidad paraestatal con órgano de gobierno tripartito que coordina el Sistema Nacional de Competencias. Promueve los comités de gestión por competencias, publica los estándares de competencia y acredita a las entidades de certificación y evaluación.'),
  'MX:DGCFT': p('public', 3, 'Dirección de la Subsecretaría de Educación Media Superior que coordina los Centros de Capacitación para el Trabajo Industrial (CECATI) y ofrece cursos de formación para el trabajo en todo México.'),
  'MX:STPS': p('public', 1, 'Secretaría del Gobierno de México responsable de la política laboral. Conduce programas de capacitación para la productividad y de aprendizaje en el trabajo para jóvenes.'),
  'NI:INATEC': p('public', 3, 'Instituto rector de la educación técnica y la formación profesional en Nicaragua. Ofrece carreras técnicas y cursos de capacitación en centros tecnológicos de todo el país, con énfasis en los sectores agropecuario e industrial.'),
  'NI:MITRAB': p('public', 1, 'Ministerio responsable de la política laboral de Nicaragua, de la higiene y seguridad del trabajo y de la inspección laboral.'),
  'PA:INADEH': p('public', 3, 'Instituto de formación profesional y capacitación de Panamá. Ofrece cursos y programas técnicos en sectores como logística, turismo, construcción y tecnología, en centros regionales de todo el país.'),
  'PA:MITRADEL': p('public', 1, 'Ministerio rector de la política laboral de Panamá. Gestiona los servicios de empleo y los programas de inserción laboral.'),
  'PE:MTPE': p('public', 1, 'Ministerio rector de la política de trabajo y promoción del empleo en el Perú. Conduce la normalización y certificación de competencias laborales y los programas nacionales de empleabilidad.'),
  'PE:SENATI': p('sectoral', 5, 'Institución de formación profesional creada a iniciativa de la Sociedad Nacional de Industrias y gestionada por el sector industrial. Forma técnicos con el sistema dual en centros de todo el Perú y capacita a trabajadores de la industria manufacturera.'),
  'PE:SENCICO': p('sectoral', 3, 'Entidad adscrita al Ministerio de Vivienda, Construcción y Saneamiento que forma y certifica a trabajadores de la construcción, y elabora normas técnicas y de metrados para el sector.'),
  'PT:ANQEP': p('public', 2, 'Agência pública que coordina a oferta de educação e formação profissional de jovens e adultos em Portugal. Gere o Catálogo Nacional de Qualificações e a rede de Centros Qualifica de reconhecimento, validação e certificação de competências.'),
  'PT:IEFP': p('public', 4, 'Serviço público de emprego e formação profissional de Portugal, com gestão tripartida. Assegura a formação de jovens e adultos nos seus centros e em parceria com empresas e outras entidades, incluindo os cursos de aprendizagem em regime dual.'),
  'PY:MTESS': p('public', 1, 'Ministerio rector de la política de trabajo, empleo y seguridad social del Paraguay, del que dependen el SNPP y el SINAFOCAL.'),
  'PY:SINAFOCAL': p('public', 2, 'Sistema que regula y financia la capacitación y formación laboral en el Paraguay mediante entidades de capacitación registradas, con programas para trabajadores ocupados y personas que buscan empleo.'),
  'PY:SNPP': p('public', 3, 'Servicio dependiente del Ministerio de Trabajo, Empleo y Seguridad Social que ofrece formación profesional gratuita en oficios industriales, agropecuarios y de servicios en todo el Paraguay.'),
  'SR:SAO': p('public', 2, 'Suriname’s foundation for labour mobilisation and development, which provides vocational training and retraining for job seekers and workers in trades such as construction, electrical installation, welding and automotive repair.'),
  'SV:INSAFORP': p('tripartite', 3, 'Instituto rector del sistema de formación profesional de El Salvador, con consejo directivo tripartito. Financia y coordina la formación mediante centros colaboradores y promueve programas de formación dual y de certificación de competencias.'),
  'SV:ITCA-FEPADE': p('private', 3, 'Institución privada de educación técnica superior con sedes regionales en El Salvador. Ofrece carreras técnicas y de ingeniería con fuerte vinculación con la empresa y proyectos de innovación aplicada.'),
  'SV:MTPS': p('public', 1, 'Ministerio rector de la política laboral de El Salvador, responsable del servicio público de empleo y de la inspección del trabajo.'),
  'TT:NTA': p('public', 3, 'Trinidad and Tobago’s National Training Agency coordinates technical and vocational education and training: it develops occupational standards, awards Trinidad and Tobago and Caribbean Vocational Qualifications and assesses prior learning.'),
  'UY:INEFOP': p('tripartite', 3, 'Persona pública no estatal con consejo directivo tripartito que financia y diseña políticas de empleo y formación profesional en Uruguay, con programas para trabajadores en actividad, personas desocupadas y emprendedores.'),
  'UY:MTSS': p('public', 1, 'Ministerio rector de las políticas de trabajo y seguridad social del Uruguay. Coordina la Dirección Nacional de Empleo y el diálogo social en los Consejos de Salarios.'),
  'UY:UTU': p('public', 4, 'Dirección de la Administración Nacional de Educación Pública que imparte educación técnica y tecnológica en todo el Uruguay, desde cursos de formación profesional básica hasta tecnicaturas terciarias.'),
  'VE:INCES': p('public', 3, 'Instituto adscrito al Ministerio del Trabajo que ofrece formación y capacitación para el trabajo en Venezuela, con programas de aprendizaje en las entidades de trabajo y cursos en centros propios.'),
};

export const profileKey = (countryCode: string, acronym: string) => `${countryCode}:${acronym}`;

/** The profile of an institution; a neutral one for institutions added after this list. */
export function institutionProfile(countryCode: string, acronym: string): InstitutionProfile {
  return INSTITUTION_PROFILES[profileKey(countryCode, acronym)] ?? { type: 'public', output: 1, description: '' };
}

/** Sets `type` and `description` on every seeded institution; returns how many were updated. */
export async function describeInstitutions(db: Db): Promise<number> {
  const rows = await db.select({ id: institutions.id, acronym: institutions.acronym, countryCode: institutions.countryCode }).from(institutions);
  let updated = 0;
  await transaction(db, async () => {
    for (const row of rows) {
      const profile = INSTITUTION_PROFILES[profileKey(row.countryCode, row.acronym)];
      if (!profile) continue;
      await db.update(institutions).set({ type: profile.type, description: profile.description }).where(eq(institutions.id, row.id));
      updated++;
    }
  });
  return updated;
}
