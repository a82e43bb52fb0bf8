import type { OaiKind, OaiRow } from '../../modules/knowledge/oai-repository.ts';
import { escapeXml } from '../crawl/xml.ts';

/** The words Dublin Core is written with: vocabulary labels and country names (Spanish, the network's reference). */
export interface Labels {
  vocab: Map<string, string>;
  countries: Map<string, string>;
}

/** Where a record's page is, per kind (client/src/routes.ts: /knowledge/:kind/:id). */
export const PAGE_KIND: Record<OaiKind, string> = {
  resource: 'resources',
  experience: 'experiences',
  profile: 'profiles',
  specialist: 'specialists',
  institution: 'institutions',
};

/** DCMI type and a plain word for what each kind is. */
const TYPE: Record<OaiKind, string[]> = {
  resource: ['Text', 'Recurso didáctico'],
  experience: ['Text', 'Experiencia'],
  profile: ['Text', 'Perfil ocupacional'],
  specialist: ['Person', 'Especialista'],
  institution: ['Organization', 'Institución de formación profesional'],
};

const list = (value: unknown): string[] => {
  if (Array.isArray(value)) return value.map(String);
  if (typeof value === 'string' && value.startsWith('[')) {
    try {
      return (JSON.parse(value) as unknown[]).map(String);
    } catch {
      return [];
    }
  }
  return value === null || value === undefined || value === '' ? [] : [String(value)];
};

/** A record's sets: its kind, its country, its sector. */
export function setSpecs(row: Pick<OaiRow, 'kind' | 'country' | 'sector'>): string[] {
  return [`kind:${row.kind}`, ...(row.country ? [`country:${row.country}`] : []), ...(row.sector ? [`sector:${row.sector}`] : [])];
}

/** `oai_dc` for one record: title, creator, subject from the vocabularies, description, publisher, date, type, format, identifier, language, coverage, rights. */
export function dublinCore(row: OaiRow, pageUrl: string, labels: Labels): string {
  const label = (scheme: string, code: string) => labels.vocab.get(`${scheme}:${code}`) ?? code;
  const fields: [string, string[]][] = [
    ['title', list(row.title)],
    ['creator', row.kind === 'resource' ? list(row.authors) : row.kind === 'specialist' ? list(row.title) : []],
    [
      'subject',
      [
        ...(row.sector ? [label('sector', row.sector)] : []),
        ...(row.kind === 'resource' ? list(row.topics).map((c) => label('theme', c)) : []),
        ...(row.kind === 'experience' ? list(row.theme).map((c) => label('theme', c)) : []),
        ...(row.kind === 'specialist' ? list(row.expertise).map((c) => label('expertise', c)) : []),
        ...(row.kind === 'profile' && row.isco ? [`ISCO-08 ${String(row.isco)}`] : []),
      ],
    ],
    ['description', [row.summary, row.kind === 'experience' ? row.results : null].filter((d): d is string => typeof d === 'string' && d.trim() !== '')],
    ['publisher', list(row.kind === 'institution' ? row.title : row.institutionName)],
    ['contributor', row.kind === 'experience' ? list(row.partners) : []],
    ['date', row.year ? [String(row.year)] : []],
    ['type', [...TYPE[row.kind], ...(row.kind === 'resource' && row.type ? [label('resource_type', String(row.type))] : [])]],
    ['format', row.kind === 'resource' && row.format ? [String(row.format)] : ['text/html']],
    ['identifier', [pageUrl, ...(row.kind === 'resource' && row.url ? [String(row.url)] : []), ...(row.kind === 'institution' && row.website ? [String(row.website)] : [])]],
    ['language', [...list(row.languages), ...list(row.language)]],
    ['coverage', row.country ? [labels.countries.get(row.country) ?? row.country] : []],
    ['rights', row.kind === 'resource' && row.licence ? [label('licence', String(row.licence))] : []],
  ];
  const body = fields.flatMap(([name, values]) => values.map((v) => `<dc:${name}>${escapeXml(clean(v))}</dc:${name}>`)).join('');
  return `<oai_dc:dc xmlns:oai_dc="http://www.openarchives.org/OAI/2.0/oai_dc/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://www.openarchives.org/OAI/2.0/oai_dc/ http://www.openarchives.org/OAI/2.0/oai_dc.xsd">${body}</oai_dc:dc>`;
}

/** Characters XML 1.0 cannot carry at all are dropped (escaping cannot save them). */
export function clean(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '');
}
