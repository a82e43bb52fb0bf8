import { Readable } from 'node:stream';
import { stringify } from 'csv-stringify/sync';
import type { ExperienceRow, ProfileRow, ResourceRow, SpecialistRow } from '../../../db/schema/index.ts';
import type { KnowledgeQuery } from '../../../shared/schemas/knowledge.ts';
import { ftsQuery, type BrowseRepository, type Filters, type Sort } from './browse-repository.ts';
import { KIND_SPECS, type KindSpec } from './catalog.ts';
import type { ItemsRepository } from './items-repository.ts';
import { ANYONE, visibleCv } from './specialist-visibility.ts';

/** More than any one knowledge base holds; a bound so that one request cannot run away. */
export const EXPORT_MAX = 50_000;
const CHUNK = 500;

export type ExportFormat = 'csv' | 'json';
export type ExportKind = KindSpec['kind'];
export type ExportQuery = Omit<KnowledgeQuery, 'cursor' | 'limit'> & { format?: ExportFormat };

type InstitutionRef = { id: number; acronym: string; name: string } | null;
type ExportRecord = Record<string, unknown>;

/**
 * The columns of each kind, in order. Names are the record's own fields, so an exported file
 * can be imported again (`npm run import`); `institution` carries the acronym for people.
 */
export const EXPORT_COLUMNS: Record<ExportKind, string[]> = {
  resources: [
    'id', 'title', 'summary', 'type', 'languages', 'countryCode', 'institutionId', 'institution', 'authors', 'year', 'sector',
    'topics', 'audiences', 'modality', 'format', 'licence', 'url', 'fileUrl', 'updatedAt',
  ],
  experiences: [
    'id', 'title', 'summary', 'theme', 'institutionId', 'institution', 'countryCode', 'startYear', 'endYear', 'partners',
    'results', 'languages', 'sector', 'updatedAt',
  ],
  profiles: [
    'id', 'nationalCode', 'title', 'sector', 'subsector', 'countryCode', 'institutionId', 'institution', 'level', 'iscoCode',
    'purpose', 'units', 'curriculum', 'evaluation', 'validatedBy', 'validatedYear', 'language', 'updatedAt',
  ],
  specialists: [
    'id', 'name', 'institutionId', 'institution', 'countryCode', 'expertise', 'languages', 'summary', 'education',
    'experience', 'publications', 'availability', 'updatedAt',
  ],
};

const common = (row: { id: number; updatedAt: Date }, institution: InstitutionRef) => ({
  id: row.id,
  institutionId: institution?.id ?? null,
  institution: institution?.acronym ?? null,
  updatedAt: row.updatedAt.toISOString(),
});

function resourceRecord(row: ResourceRow, institution: InstitutionRef): ExportRecord {
  const { title, summary, type, languages, countryCode, authors, year, sector, topics, audiences, modality, format, licence, url } = row;
  return {
    ...common(row, institution),
    ...{ title, summary, type, languages, countryCode, authors, year, sector, topics, audiences, modality, format, licence, url },
    fileUrl: row.fileId !== null ? `/api/files/${row.fileId}` : null,
  };
}

function experienceRecord(row: ExperienceRow, institution: InstitutionRef): ExportRecord {
  const { title, summary, theme, countryCode, startYear, endYear, partners, results, languages, sector } = row;
  return { ...common(row, institution), title, summary, theme, countryCode, startYear, endYear, partners, results, languages, sector };
}

function profileRecord(row: ProfileRow, institution: InstitutionRef): ExportRecord {
  const { nationalCode, title, sector, subsector, countryCode, level, iscoCode, purpose, units, curriculum } = row;
  const { evaluation, validatedBy, validatedYear, language } = row;
  return {
    ...common(row, institution),
    ...{ nationalCode, title, sector, subsector, countryCode, level, iscoCode, purpose, units, curriculum },
    ...{ evaluation, validatedBy, validatedYear, language },
  };
}

/** Only the CV fields the specialist made public: an export is read by anyone. */
function specialistRecord(row: SpecialistRow, institution: InstitutionRef): ExportRecord {
  const { name, countryCode, expertise, languages, summary, availability } = row;
  const cv = visibleCv(row.cv, ANYONE, row.cvVisibility);
  return { ...common(row, institution), name, countryCode, expertise, languages, summary, ...cv, availability };
}

/**
 * One CSV cell: lists joined with `; `, structured values as JSON, and text that a spreadsheet
 * would run as a formula defused with a leading apostrophe (the import removes it again).
 */
export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  const text =
    Array.isArray(value) && value.every((v) => typeof v !== 'object')
      ? value.join('; ')
      : typeof value === 'object'
        ? JSON.stringify(value)
        : String(value);
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

/** The filters of a list query, read the way the list reads them. */
function filtersOf(spec: KindSpec, query: ExportQuery): Filters {
  const filters: Filters = {};
  for (const dim of spec.dimensions) {
    const value = query[dim.param];
    if (value !== undefined && value !== '') filters[dim.param] = dim.param === 'country' ? String(value).toUpperCase() : value;
  }
  return filters;
}

export interface ExportFile {
  filename: string;
  contentType: string;
  count: number;
  body: Readable;
}

/** Every record matching a list's filters, as a CSV or JSON download built chunk by chunk. */
export function createExportService(deps: { browse: BrowseRepository; items: ItemsRepository }) {
  const { browse, items } = deps;

  async function records(kind: ExportKind, ids: number[]): Promise<ExportRecord[]> {
    const byId = new Map<number, ExportRecord>();
    if (kind === 'resources') for (const r of await items.resources(ids)) byId.set(r.row.id, resourceRecord(r.row, r.institution));
    if (kind === 'experiences') for (const r of await items.experiences(ids)) byId.set(r.row.id, experienceRecord(r.row, r.institution));
    if (kind === 'profiles') for (const r of await items.profiles(ids)) byId.set(r.row.id, profileRecord(r.row, r.institution));
    if (kind === 'specialists') for (const r of await items.specialists(ids)) byId.set(r.row.id, specialistRecord(r.row, r.institution));
    // A record deleted since the selection is simply left out.
    return ids.flatMap((id): ExportRecord[] => {
      const record = byId.get(id);
      return record ? [record] : [];
    });
  }

  async function* chunks(kind: ExportKind, ids: number[]): AsyncGenerator<ExportRecord[]> {
    for (let i = 0; i < ids.length; i += CHUNK) yield await records(kind, ids.slice(i, i + CHUNK));
  }

  async function* csv(kind: ExportKind, ids: number[]): AsyncGenerator<string> {
    const columns = EXPORT_COLUMNS[kind];
    // The byte-order mark lets spreadsheets read the accents as UTF-8.
    yield stringify([columns], { bom: true, record_delimiter: 'windows' });
    for await (const chunk of chunks(kind, ids)) {
      yield stringify(
        chunk.map((record) => columns.map((c) => csvCell(record[c]))),
        { record_delimiter: 'windows' },
      );
    }
  }

  async function* json(kind: ExportKind, ids: number[]): AsyncGenerator<string> {
    const columns = EXPORT_COLUMNS[kind];
    let first = true;
    yield '[';
    for await (const chunk of chunks(kind, ids)) {
      for (const record of chunk) {
        const ordered = Object.fromEntries(columns.filter((c) => record[c] !== undefined).map((c) => [c, record[c]]));
        yield `${first ? '\n' : ',\n'}${JSON.stringify(ordered)}`;
        first = false;
      }
    }
    yield first ? ']\n' : '\n]\n';
  }

  return {
    async exportList(kind: ExportKind, query: ExportQuery, now = new Date()): Promise<ExportFile> {
      const spec = KIND_SPECS[kind];
      const match = query.q ? ftsQuery(query.q) : null;
      const sort: Sort = query.sort ?? (match ? 'relevance' : 'recent');
      const ids = (await browse.page(spec, { filters: filtersOf(spec, query), match, sort, after: null, limit: EXPORT_MAX })).map((r) => r.id);
      const format = query.format ?? 'csv';
      const day = now.toISOString().slice(0, 10).replace(/-/g, '');
      return {
        filename: `minga-${kind}-${day}.${format}`,
        contentType: format === 'csv' ? 'text/csv; charset=utf-8' : 'application/json; charset=utf-8',
        count: ids.length,
        body: Readable.from(format === 'csv' ? csv(kind, ids) : json(kind, ids)),
      };
    },
  };
}

export type ExportService = ReturnType<typeof createExportService>;
