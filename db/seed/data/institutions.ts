// Member institutions of the ILO/Cinterfor network, under their public names.
// Pure data, grouped by country code (same order as COUNTRIES), then by acronym.
// `founded` is only given where the year of creation is well established.

import type { CountrySeed } from './countries.ts';

export type InstitutionKind = 'constituent' | 'associated';

export interface InstitutionSeed {
  acronym: string;
  name: string; // full official name in the institution's own language
  countryCode: CountrySeed['code']; // must be one of the codes in COUNTRIES
  kind: InstitutionKind;
  website: string; // home page
  city: string; // headquarters
  founded?: number;
}

export const INSTITUTIONS: readonly InstitutionSeed[] = [
  // Argentina
  {
    acronym: 'INET',
    name: 'Instituto Nacional de Educación Tecnológica',
    countryCode: 'AR',
    kind: 'constituent',
    website: 'https://www.inet.edu.ar',
    city: 'Buenos Aires',
    founded: 1995,
  },
  {
    acronym: 'STEySS',
    name: 'Secretaría de Trabajo, Empleo y Seguridad Social',
    countryCode: 'AR',
    kind: 'constituent',
    website: 'https://www.argentina.gob.ar/trabajo',
    city: 'Buenos Aires',
  },
  {
    acronym: 'UOCRA',
    name: 'Fundación UOCRA para la Educación de los Trabajadores Constructores',
    countryCode: 'AR',
    kind: 'associated',
    website: 'https://www.fundacion.uocra.org',
    city: 'Buenos Aires',
  },

  // Barbados
  {
    acronym: 'TVET Council',
    name: 'Technical and Vocational Education and Training Council',
    countryCode: 'BB',
    kind: 'constituent',
    website: 'https://www.tvetcouncil.com.bb',
    city: 'Bridgetown',
  },

  // Bolivia
  {
    acronym: 'INFOCAL',
    name: 'Fundación Nacional para la Formación y Capacitación Laboral',
    countryCode: 'BO',
    kind: 'associated',
    website: 'https://www.infocal.org.bo',
    city: 'La Paz',
  },
  {
    acronym: 'MTEPS',
    name: 'Ministerio de Trabajo, Empleo y Previsión Social',
    countryCode: 'BO',
    kind: 'constituent',
    website: 'https://www.mintrabajo.gob.bo',
    city: 'La Paz',
  },

  // Brazil
  {
    acronym: 'CPS',
    name: 'Centro Estadual de Educação Tecnológica Paula Souza',
    countryCode: 'BR',
    kind: 'associated',
    website: 'https://www.cps.sp.gov.br',
    city: 'São Paulo',
    founded: 1969,
  },
  {
    acronym: 'MTE',
    name: 'Ministério do Trabalho e Emprego',
    countryCode: 'BR',
    kind: 'constituent',
    website: 'https://www.gov.br/trabalho-e-emprego',
    city: 'Brasília',
  },
  {
    acronym: 'SENAC',
    name: 'Serviço Nacional de Aprendizagem Comercial',
    countryCode: 'BR',
    kind: 'constituent',
    website: 'https://www.senac.br',
    city: 'Rio de Janeiro',
    founded: 1946,
  },
  {
    acronym: 'SENAI',
    name: 'Serviço Nacional de Aprendizagem Industrial',
    countryCode: 'BR',
    kind: 'constituent',
    website: 'https://www.portaldaindustria.com.br/senai/',
    city: 'Brasília',
    founded: 1942,
  },
  {
    acronym: 'SENAR',
    name: 'Serviço Nacional de Aprendizagem Rural',
    countryCode: 'BR',
    kind: 'constituent',
    website: 'https://www.cnabrasil.org.br/senar',
    city: 'Brasília',
    founded: 1991,
  },
  {
    acronym: 'SENAT',
    name: 'Serviço Nacional de Aprendizagem do Transporte',
    countryCode: 'BR',
    kind: 'constituent',
    website: 'https://www.sestsenat.org.br',
    city: 'Brasília',
    founded: 1993,
  },
  {
    acronym: 'SESCOOP',
    name: 'Serviço Nacional de Aprendizagem do Cooperativismo',
    countryCode: 'BR',
    kind: 'constituent',
    website: 'https://www.somoscooperativismo.coop.br',
    city: 'Brasília',
    founded: 1998,
  },
  {
    acronym: 'SESI',
    name: 'Serviço Social da Indústria',
    countryCode: 'BR',
    kind: 'constituent',
    website: 'https://www.portaldaindustria.com.br/sesi/',
    city: 'Brasília',
    founded: 1946,
  },

  // Bahamas
  {
    acronym: 'BTVI',
    name: 'Bahamas Technical and Vocational Institute',
    countryCode: 'BS',
    kind: 'constituent',
    website: 'https://www.btvi.edu.bs',
    city: 'Nassau',
  },

  // Chile
  {
    acronym: 'ChileValora',
    name: 'Comisión del Sistema Nacional de Certificación de Competencias Laborales',
    countryCode: 'CL',
    kind: 'constituent',
    website: 'https://www.chilevalora.cl',
    city: 'Santiago',
  },
  {
    acronym: 'INACAP',
    name: 'Instituto Nacional de Capacitación Profesional',
    countryCode: 'CL',
    kind: 'associated',
    website: 'https://www.inacap.cl',
    city: 'Santiago',
    founded: 1966,
  },
  {
    acronym: 'SENCE',
    name: 'Servicio Nacional de Capacitación y Empleo',
    countryCode: 'CL',
    kind: 'constituent',
    website: 'https://sence.gob.cl',
    city: 'Santiago',
    founded: 1976,
  },

  // Colombia
  {
    acronym: 'MinTrabajo',
    name: 'Ministerio del Trabajo',
    countryCode: 'CO',
    kind: 'constituent',
    website: 'https://www.mintrabajo.gov.co',
    city: 'Bogotá',
  },
  {
    acronym: 'SENA',
    name: 'Servicio Nacional de Aprendizaje',
    countryCode: 'CO',
    kind: 'constituent',
    website: 'https://www.sena.edu.co',
    city: 'Bogotá',
    founded: 1957,
  },

  // Costa Rica
  {
    acronym: 'INA',
    name: 'Instituto Nacional de Aprendizaje',
    countryCode: 'CR',
    kind: 'constituent',
    website: 'https://www.ina.ac.cr',
    city: 'San José',
    founded: 1965,
  },
  {
    acronym: 'MTSS',
    name: 'Ministerio de Trabajo y Seguridad Social',
    countryCode: 'CR',
    kind: 'constituent',
    website: 'https://www.mtss.go.cr',
    city: 'San José',
  },

  // Cuba
  {
    acronym: 'MTSS',
    name: 'Ministerio de Trabajo y Seguridad Social',
    countryCode: 'CU',
    kind: 'constituent',
    website: 'https://www.mtss.gob.cu',
    city: 'La Habana',
  },

  // Cape Verde
  {
    acronym: 'IEFP',
    name: 'Instituto do Emprego e Formação Profissional',
    countryCode: 'CV',
    kind: 'constituent',
    website: 'https://www.iefp.cv',
    city: 'Praia',
  },

  // Dominican Republic
  {
    acronym: 'INFOTEP',
    name: 'Instituto Nacional de Formación Técnico Profesional',
    countryCode: 'DO',
    kind: 'constituent',
    website: 'https://www.infotep.gob.do',
    city: 'Santo Domingo',
    founded: 1980,
  },
  {
    acronym: 'MT',
    name: 'Ministerio de Trabajo',
    countryCode: 'DO',
    kind: 'constituent',
    website: 'https://www.mt.gob.do',
    city: 'Santo Domingo',
  },

  // Ecuador
  {
    acronym: 'MDT',
    name: 'Ministerio del Trabajo',
    countryCode: 'EC',
    kind: 'constituent',
    website: 'https://www.trabajo.gob.ec',
    city: 'Quito',
  },
  {
    acronym: 'SECAP',
    name: 'Servicio Ecuatoriano de Capacitación Profesional',
    countryCode: 'EC',
    kind: 'constituent',
    website: 'https://www.secap.gob.ec',
    city: 'Quito',
    founded: 1966,
  },

  // Spain
  {
    acronym: 'Fundae',
    name: 'Fundación Estatal para la Formación en el Empleo',
    countryCode: 'ES',
    kind: 'constituent',
    website: 'https://www.fundae.es',
    city: 'Madrid',
  },
  {
    acronym: 'SEPE',
    name: 'Servicio Público de Empleo Estatal',
    countryCode: 'ES',
    kind: 'constituent',
    website: 'https://www.sepe.es',
    city: 'Madrid',
  },

  // Guatemala
  {
    acronym: 'INTECAP',
    name: 'Instituto Técnico de Capacitación y Productividad',
    countryCode: 'GT',
    kind: 'constituent',
    website: 'https://www.intecap.edu.gt',
    city: 'Ciudad de Guatemala',
    founded: 1972,
  },
  {
    acronym: 'MINTRAB',
    name: 'Ministerio de Trabajo y Previsión Social',
    countryCode: 'GT',
    kind: 'constituent',
    website: 'https://www.mintrabajo.gob.gt',
    city: 'Ciudad de Guatemala',
  },

  // Honduras
  {
    acronym: 'INFOP',
    name: 'Instituto Nacional de Formación Profesional',
    countryCode: 'HN',
    kind: 'constituent',
    website: 'https://www.infop.hn',
    city: 'Tegucigalpa',
    founded: 1972,
  },
  {
    acronym: 'STSS',
    name: 'Secretaría de Trabajo y Seguridad Social',
    countryCode: 'HN',
    kind: 'constituent',
    website: 'https://www.trabajo.gob.hn',
    city: 'Tegucigalpa',
  },

  // Haiti
  {
    acronym: 'INFP',
    name: 'Institut National de Formation Professionnelle',
    countryCode: 'HT',
    kind: 'constituent',
    website: 'https://www.infp.gouv.ht',
    city: 'Port-au-Prince',
  },

  // Jamaica
  {
    acronym: 'HEART/NSTA Trust',
    name: 'Human Employment and Resource Training/National Service Training Agency Trust',
    countryCode: 'JM',
    kind: 'constituent',
    website: 'https://www.heart-nsta.org',
    city: 'Kingston',
    founded: 1982,
  },

  // Mexico
  {
    acronym: 'CONALEP',
    name: 'Colegio Nacional de Educación Profesional Técnica',
    countryCode: 'MX',
    kind: 'associated',
    website: 'https://www.conalep.edu.mx',
    city: 'Metepec',
    founded: 1978,
  },
  {
    acronym: 'CONOCER',
    name: 'Consejo Nacional de Normalización y Certificación de Competencias Laborales',
    countryCode: 'MX',
    kind: 'constituent',
    website: 'https://conocer.gob.mx',
    city: 'Ciudad de México',
    founded: 1995,
  },
  {
    acronym: 'DGCFT',
    name: 'Dirección General de Centros de Formación para el Trabajo',
    countryCode: 'MX',
    kind: 'constituent',
    website: 'https://dgcft.sems.gob.mx',
    city: 'Ciudad de México',
  },
  {
    acronym: 'STPS',
    name: 'Secretaría del Trabajo y Previsión Social',
    countryCode: 'MX',
    kind: 'constituent',
    website: 'https://www.gob.mx/stps',
    city: 'Ciudad de México',
  },

  // Nicaragua
  {
    acronym: 'INATEC',
    name: 'Instituto Nacional Tecnológico',
    countryCode: 'NI',
    kind: 'constituent',
    website: 'https://www.tecnacional.edu.ni',
    city: 'Managua',
    founded: 1991,
  },
  {
    acronym: 'MITRAB',
    name: 'Ministerio del Trabajo',
    countryCode: 'NI',
    kind: 'constituent',
    website: 'https://www.mitrab.gob.ni',
    city: 'Managua',
  },

  // Panama
  {
    acronym: 'INADEH',
    name: 'Instituto Nacional de Formación Profesional y Capacitación para el Desarrollo Humano',
    countryCode: 'PA',
    kind: 'constituent',
    website: 'https://www.inadeh.edu.pa',
    city: 'Ciudad de Panamá',
    founded: 2006,
  },
  {
    acronym: 'MITRADEL',
    name: 'Ministerio de Trabajo y Desarrollo Laboral',
    countryCode: 'PA',
    kind: 'constituent',
    website: 'https://www.mitradel.gob.pa',
    city: 'Ciudad de Panamá',
  },

  // Peru
  {
    acronym: 'MTPE',
    name: 'Ministerio de Trabajo y Promoción del Empleo',
    countryCode: 'PE',
    kind: 'constituent',
    website: 'https://www.gob.pe/mtpe',
    city: 'Lima',
  },
  {
    acronym: 'SENATI',
    name: 'Servicio Nacional de Adiestramiento en Trabajo Industrial',
    countryCode: 'PE',
    kind: 'constituent',
    website: 'https://www.senati.edu.pe',
    city: 'Lima',
    founded: 1961,
  },
  {
    acronym: 'SENCICO',
    name: 'Servicio Nacional de Capacitación para la Industria de la Construcción',
    countryCode: 'PE',
    kind: 'constituent',
    website: 'https://www.sencico.gob.pe',
    city: 'Lima',
  },

  // Portugal
  {
    acronym: 'ANQEP',
    name: 'Agência Nacional para a Qualificação e o Ensino Profissional, I.P.',
    countryCode: 'PT',
    kind: 'constituent',
    website: 'https://www.anqep.gov.pt',
    city: 'Lisboa',
    founded: 2012,
  },
  {
    acronym: 'IEFP',
    name: 'Instituto do Emprego e Formação Profissional, I.P.',
    countryCode: 'PT',
    kind: 'constituent',
    website: 'https://www.iefp.pt',
    city: 'Lisboa',
    founded: 1979,
  },

  // Paraguay
  {
    acronym: 'MTESS',
    name: 'Ministerio de Trabajo, Empleo y Seguridad Social',
    countryCode: 'PY',
    kind: 'constituent',
    website: 'https://www.mtess.gov.py',
    city: 'Asunción',
  },
  {
    acronym: 'SINAFOCAL',
    name: 'Sistema Nacional de Formación y Capacitación Laboral',
    countryCode: 'PY',
    kind: 'constituent',
    website: 'https://www.sinafocal.gov.py',
    city: 'Asunción',
    founded: 2000,
  },
  {
    acronym: 'SNPP',
    name: 'Servicio Nacional de Promoción Profesional',
    countryCode: 'PY',
    kind: 'constituent',
    website: 'https://www.snpp.edu.py',
    city: 'Asunción',
    founded: 1971,
  },

  // Suriname
  {
    acronym: 'SAO',
    name: 'Stichting Arbeidsmobilisatie en Ontwikkeling',
    countryCode: 'SR',
    kind: 'constituent',
    website: 'https://www.sao.sr',
    city: 'Paramaribo',
  },

  // El Salvador
  {
    acronym: 'INSAFORP',
    name: 'Instituto Salvadoreño de Formación Profesional',
    countryCode: 'SV',
    kind: 'constituent',
    website: 'https://www.insaforp.org.sv',
    city: 'San Salvador',
    founded: 1993,
  },
  {
    acronym: 'ITCA-FEPADE',
    name: 'Escuela Especializada en Ingeniería ITCA-FEPADE',
    countryCode: 'SV',
    kind: 'associated',
    website: 'https://www.itca.edu.sv',
    city: 'Santa Tecla',
  },
  {
    acronym: 'MTPS',
    name: 'Ministerio de Trabajo y Previsión Social',
    countryCode: 'SV',
    kind: 'constituent',
    website: 'https://www.mtps.gob.sv',
    city: 'San Salvador',
  },

  // Trinidad and Tobago
  {
    acronym: 'NTA',
    name: 'National Training Agency',
    countryCode: 'TT',
    kind: 'constituent',
    website: 'https://www.ntatt.org',
    city: 'Chaguanas',
  },

  // Uruguay
  {
    acronym: 'INEFOP',
    name: 'Instituto Nacional de Empleo y Formación Profesional',
    countryCode: 'UY',
    kind: 'constituent',
    website: 'https://www.inefop.org.uy',
    city: 'Montevideo',
    founded: 2008,
  },
  {
    acronym: 'MTSS',
    name: 'Ministerio de Trabajo y Seguridad Social',
    countryCode: 'UY',
    kind: 'constituent',
    website: 'https://www.gub.uy/ministerio-trabajo-seguridad-social',
    city: 'Montevideo',
  },
  {
    acronym: 'UTU',
    name: 'Dirección General de Educación Técnico Profesional – Universidad del Trabajo del Uruguay',
    countryCode: 'UY',
    kind: 'constituent',
    website: 'https://www.utu.edu.uy',
    city: 'Montevideo',
  },

  // Venezuela
  {
    acronym: 'INCES',
    name: 'Instituto Nacional de Capacitación y Educación Socialista',
    countryCode: 'VE',
    kind: 'constituent',
    website: 'https://www.inces.gob.ve',
    city: 'Caracas',
    founded: 1959,
  },
];

/**
 * Where the institutions' headquarters are: each city's coordinates (WGS 84 degrees, [lat, lon]),
 * by country code and city as written above. The network map places each institution there.
 */
export const CITY_COORDINATES: Readonly<Record<string, readonly [lat: number, lon: number]>> = {
  'AR|Buenos Aires': [-34.6037, -58.3816],
  'BB|Bridgetown': [13.0975, -59.6167],
  'BO|La Paz': [-16.4897, -68.1193],
  'BR|São Paulo': [-23.5505, -46.6333],
  'BR|Brasília': [-15.7939, -47.8828],
  'BR|Rio de Janeiro': [-22.9068, -43.1729],
  'BS|Nassau': [25.0443, -77.3504],
  'CL|Santiago': [-33.4489, -70.6693],
  'CO|Bogotá': [4.711, -74.0721],
  'CR|San José': [9.9281, -84.0907],
  'CU|La Habana': [23.1136, -82.3666],
  'CV|Praia': [14.933, -23.5133],
  'DO|Santo Domingo': [18.4861, -69.9312],
  'EC|Quito': [-0.1807, -78.4678],
  'ES|Madrid': [40.4168, -3.7038],
  'GT|Ciudad de Guatemala': [14.6349, -90.5069],
  'HN|Tegucigalpa': [14.0723, -87.1921],
  'HT|Port-au-Prince': [18.5944, -72.3074],
  'JM|Kingston': [17.9712, -76.7936],
  'MX|Metepec': [19.2545, -99.6046],
  'MX|Ciudad de México': [19.4326, -99.1332],
  'NI|Managua': [12.114, -86.2362],
  'PA|Ciudad de Panamá': [8.9824, -79.5199],
  'PE|Lima': [-12.0464, -77.0428],
  'PT|Lisboa': [38.7223, -9.1393],
  'PY|Asunción': [-25.2637, -57.5759],
  'SR|Paramaribo': [5.852, -55.2038],
  'SV|San Salvador': [13.6929, -89.2182],
  'SV|Santa Tecla': [13.6769, -89.2797],
  'TT|Chaguanas': [10.5168, -61.4114],
  'UY|Montevideo': [-34.9011, -56.1645],
  'VE|Caracas': [10.4806, -66.9036],
};

/** An institution's coordinates, from its city (null for a city not listed). */
export function coordinatesOf(institution: Pick<InstitutionSeed, 'countryCode' | 'city'>): { lat: number; lon: number } | null {
  const point = CITY_COORDINATES[`${institution.countryCode}|${institution.city}`];
  return point ? { lat: point[0], lon: point[1] } : null;
}
