// Countries of the ILO/Cinterfor network (Latin America, the Caribbean,
// Spain, Portugal and Cape Verde). Pure data, sorted by ISO 3166-1 alpha-2 code.

export type Region = 'south_america' | 'central_america' | 'caribbean' | 'north_america' | 'europe' | 'africa';

export interface CountrySeed {
  code: string; // ISO 3166-1 alpha-2, upper case, e.g. 'BR'
  names: { es: string; pt: string; en: string };
  region: Region;
}

export const COUNTRIES: readonly CountrySeed[] = [
  { code: 'AR', names: { es: 'Argentina', pt: 'Argentina', en: 'Argentina' }, region: 'south_america' },
  { code: 'BB', names: { es: 'Barbados', pt: 'Barbados', en: 'Barbados' }, region: 'caribbean' },
  { code: 'BO', names: { es: 'Bolivia', pt: 'Bolívia', en: 'Bolivia' }, region: 'south_america' },
  { code: 'BR', names: { es: 'Brasil', pt: 'Brasil', en: 'Brazil' }, region: 'south_america' },
  { code: 'BS', names: { es: 'Bahamas', pt: 'Bahamas', en: 'Bahamas' }, region: 'caribbean' },
  { code: 'CL', names: { es: 'Chile', pt: 'Chile', en: 'Chile' }, region: 'south_america' },
  { code: 'CO', names: { es: 'Colombia', pt: 'Colômbia', en: 'Colombia' }, region: 'south_america' },
  { code: 'CR', names: { es: 'Costa Rica', pt: 'Costa Rica', en: 'Costa Rica' }, region: 'central_america' },
  { code: 'CU', names: { es: 'Cuba', pt: 'Cuba', en: 'Cuba' }, region: 'caribbean' },
  { code: 'CV', names: { es: 'Cabo Verde', pt: 'Cabo Verde', en: 'Cape Verde' }, region: 'africa' },
  { code: 'DO', names: { es: 'República Dominicana', pt: 'República Dominicana', en: 'Dominican Republic' }, region: 'caribbean' },
  { code: 'EC', names: { es: 'Ecuador', pt: 'Equador', en: 'Ecuador' }, region: 'south_america' },
  { code: 'ES', names: { es: 'España', pt: 'Espanha', en: 'Spain' }, region: 'europe' },
  { code: 'GT', names: { es: 'Guatemala', pt: 'Guatemala', en: 'Guatemala' }, region: 'central_america' },
  { code: 'HN', names: { es: 'Honduras', pt: 'Honduras', en: 'Honduras' }, region: 'central_america' },
  { code: 'HT', names: { es: 'Haití', pt: 'Haiti', en: 'Haiti' }, region: 'caribbean' },
  { code: 'JM', names: { es: 'Jamaica', pt: 'Jamaica', en: 'Jamaica' }, region: 'caribbean' },
  { code: 'MX', names: { es: 'México', pt: 'México', en: 'Mexico' }, region: 'north_america' },
  { code: 'NI', names: { es: 'Nicaragua', pt: 'Nicarágua', en: 'Nicaragua' }, region: 'central_america' },
  { code: 'PA', names: { es: 'Panamá', pt: 'Panamá', en: 'Panama' }, region: 'central_america' },
  { code: 'PE', names: { es: 'Perú', pt: 'Peru', en: 'Peru' }, region: 'south_america' },
  { code: 'PT', names: { es: 'Portugal', pt: 'Portugal', en: 'Portugal' }, region: 'europe' },
  { code: 'PY', names: { es: 'Paraguay', pt: 'Paraguai', en: 'Paraguay' }, region: 'south_america' },
  { code: 'SR', names: { es: 'Surinam', pt: 'Suriname', en: 'Suriname' }, region: 'south_america' },
  { code: 'SV', names: { es: 'El Salvador', pt: 'El Salvador', en: 'El Salvador' }, region: 'central_america' },
  { code: 'TT', names: { es: 'Trinidad y Tobago', pt: 'Trinidad e Tobago', en: 'Trinidad and Tobago' }, region: 'caribbean' },
  { code: 'UY', names: { es: 'Uruguay', pt: 'Uruguai', en: 'Uruguay' }, region: 'south_america' },
  { code: 'VE', names: { es: 'Venezuela', pt: 'Venezuela', en: 'Venezuela' }, region: 'south_america' },
];
