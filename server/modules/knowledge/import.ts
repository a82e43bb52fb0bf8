import { parse } from 'csv-parse/sync';
import type { Db } from '../../../db/client.ts';
import type { ErrorCode } from '../../../shared/errors.ts';
import { translate, type Locale } from '../../../shared/i18n/index.ts';
import { CV_SECTIONS, KNOWLEDGE_FIELDS, type FieldSpec } from '../../../shared/knowledge-fields.ts';
import { AppError } from '../../lib/errors.ts';
import type { ExportKind } from './export.ts';
import { cleanField, type FieldContext } from './fields.ts';
import { createImportRepository, type ImportRepository } from './import-repository.ts';

export type ImportKind = ExportKind;
export const IMPORT_KINDS: readonly ImportKind[] = ['resources', 'experiences', 'profiles', 'specialists'];
export type ImportFormat = 'csv' | 'json';

/** One record read from the file, with the row people will look for it at. */
export interface ImportRow {
  /** CSV: the spreadsheet row (the header is row 1). JSON: the position in the array, from 1. */
  row: number;
  /** Null when the JSON array holds something other than an object there. */
  values: Record<string, unknown> | null;
}

export interface ImportReason {
  field: string;
  code: ErrorCode;
  message: string;
}

export interface ImportResult {
  total: number;
  imported: number;
  invalid: { row: number; reasons: ImportReason[] }[];
  /** Columns that are no field of the kind: left out, and worth a warning. */
  ignoredColumns: string[];
}

/** The file itself cannot be read (not CSV, not a JSON array): nothing was imported. */
export class ImportFileError extends Error {}

/** Columns an export writes that the import knows and skips: the store sets them itself. */
const EXPORT_ONLY = new Set(['id', 'updatedAt', 'fileUrl']);
const CV_FIELDS = CV_SECTIONS;
const ALIASES: Record<string, string> = { country: 'countryCode' };

export function formatOf(path: string): ImportFormat | null {
  const lower = path.toLowerCase();
  return lower.endsWith('.csv') ? 'csv' : lower.endsWith('.json') ? 'json' : null;
}

/** Reads CSV (a header row, then one record a row) or JSON (an array of objects). */
export function parseImportFile(content: string | Buffer, format: ImportFormat): ImportRow[] {
  if (format === 'json') {
    let data: unknown;
    try {
      data = JSON.parse(content.toString().replace(/^\uFEFF/, ''));
    } catch (error) {
      throw new ImportFileError(`not valid JSON: ${(error as Error).message}`);
    }
    if (!Array.isArray(data)) throw new ImportFileError('the JSON file must hold an array of objects');
    const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
    return data.map((values: unknown, i) => ({ row: i + 1, values: isRecord(values) ? values : null }));
  }
  try {
    const records = parse(content, { columns: true, bom: true, skip_empty_lines: true, relax_column_count: false }) as Record<string, string>[];
    return records.map((record, i) => ({
      row: i + 2,
      values: Object.fromEntries(Object.entries(record).map(([key, value]) => [key.trim(), unguard(value)])),
    }));
  } catch (error) {
    throw new ImportFileError(`not valid CSV: ${(error as Error).message}`);
  }
}

/** What the rows are checked against, read once per import. */
async function loadContext(repo: ImportRepository) {
  const vocab = new Map<string, Set<string>>();
  for (const t of await repo.vocabularyCodes()) {
    if (!vocab.has(t.scheme)) vocab.set(t.scheme, new Set());
    vocab.get(t.scheme)!.add(t.code);
  }
  const countryCodes = new Set(await repo.countryCodes());
  const institutionRows = await repo.institutions();
  const institutionIds = new Set(institutionRows.map((i) => i.id));
  const byAcronym = new Map<string, { id: number; countryCode: string }[]>();
  for (const i of institutionRows) {
    const key = i.acronym.toLocaleLowerCase('es');
    byAcronym.set(key, [...(byAcronym.get(key) ?? []), i]);
  }
  const fields: FieldContext = {
    vocabularyHas: (scheme, code) => vocab.get(scheme)?.has(code) ?? false,
    countryExists: (code) => countryCodes.has(code),
    institutionExists: (id) => institutionIds.has(id),
    userIdOf: (username) => repo.userIdOf(username),
  };
  /** An institution by id, or by acronym (the row's country settles an acronym used twice). */
  function institutionId(value: string, countryCode: unknown): number | string {
    if (/^\d+$/.test(value)) return Number(value);
    const found = byAcronym.get(value.toLocaleLowerCase('es')) ?? [];
    const inCountry = found.filter((i) => typeof countryCode === 'string' && i.countryCode === countryCode.toUpperCase());
    const only = found.length === 1 ? found : inCountry.length === 1 ? inCountry : [];
    return only[0]?.id ?? value;
  }
  return { fields, institutionId };
}

type Context = Awaited<ReturnType<typeof loadContext>>;

/** A spreadsheet cell back to text: the export's formula guard (a leading apostrophe) removed. */
function unguard(value: string): string {
  return /^'[=+\-@\t\r]/.test(value) ? value.slice(1) : value;
}

const LIST_TYPES = new Set(['vocabs', 'languages', 'strings']);
const STRUCTURED_TYPES = new Set(['units', 'modules', 'cv', 'visibility']);

/**
 * Turns what a file holds into the value the field rules expect: CSV gives text everywhere
 * (lists separated by `;`, structured values as JSON); JSON may be given as loosely.
 */
function coerce(field: FieldSpec, raw: unknown): unknown {
  if (raw === undefined || raw === null) return null;
  if (typeof raw === 'number' && (field.type === 'text' || field.type === 'textarea')) return String(raw);
  if (typeof raw !== 'string') return raw;
  const text = raw.trim();
  if (text === '') return null;
  if (LIST_TYPES.has(field.type)) return text.split(';').map((s) => s.trim()).filter((s) => s.length > 0);
  if (field.type === 'year' || field.type === 'institution') return /^\d+$/.test(text) ? Number(text) : text;
  if (STRUCTURED_TYPES.has(field.type)) {
    try {
      return JSON.parse(text);
    } catch {
      return text; // the field rule refuses it with its own reason
    }
  }
  return raw;
}

/** The CV of a specialist, from a `cv` object or from its three list columns. */
function cvOf(values: Record<string, unknown>): unknown {
  if (values.cv !== undefined && values.cv !== '') return coerce({ name: 'cv', type: 'cv' }, values.cv);
  const cv: Record<string, unknown> = {};
  for (const key of CV_FIELDS) cv[key] = coerce({ name: key, type: 'strings' }, values[key]) ?? [];
  return cv;
}

function reasonOf(error: unknown, fallbackField: string, locale: Locale): ImportReason {
  if (error instanceof AppError) {
    return { field: error.field ?? fallbackField, code: error.code, message: translate(locale, `error.${error.code}`, error.options.params) };
  }
  throw error;
}

/** Checks one record against the kind's field rules; gives the values to store, or the reasons not to. */
async function checkRow(
  kind: ImportKind,
  raw: Record<string, unknown> | null,
  ctx: Context,
  locale: Locale,
): Promise<{ values: Record<string, unknown> } | { reasons: ImportReason[] }> {
  if (raw === null) return { reasons: [reasonOf(new AppError('VALIDATION_FAILED', { field: 'row' }), 'row', locale)] };
  const values: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(raw)) values[ALIASES[key] ?? key] = value;
  const reasons: ImportReason[] = [];
  const clean: Record<string, unknown> = {};

  for (const field of KNOWLEDGE_FIELDS[kind]) {
    let value: unknown;
    if (field.type === 'cv') value = cvOf(values);
    else if (field.type === 'visibility') value = coerce(field, values[field.name]) ?? {};
    else if (field.type === 'institution') {
      const given = [values.institutionId, values.institution].find((v) => v !== undefined && v !== null && v !== '');
      const coerced = coerce(field, given);
      value = typeof coerced === 'string' ? ctx.institutionId(coerced, values.countryCode) : coerced;
    } else value = coerce(field, values[field.name]);
    try {
      clean[field.name] = await cleanField(field, value, ctx.fields);
    } catch (error) {
      const reason = reasonOf(error, field.name, locale);
      // Name the column the file used.
      if (field.type === 'institution' && [undefined, null, ''].includes(values.institutionId as string)) reason.field = 'institution';
      reasons.push(reason);
    }
  }
  if (kind === 'experiences' && typeof clean.startYear === 'number' && typeof clean.endYear === 'number' && clean.endYear < clean.startYear) {
    reasons.push(reasonOf(new AppError('YEAR_INVALID', { field: 'endYear' }), 'endYear', locale));
  }
  return reasons.length > 0 ? { reasons } : { values: clean };
}

/** Columns that are no field of the kind (and none the export writes). */
export function unknownColumns(kind: ImportKind, rows: ImportRow[]): string[] {
  const known = new Set<string>([
    ...KNOWLEDGE_FIELDS[kind].map((f) => f.name),
    ...Object.keys(ALIASES),
    ...EXPORT_ONLY,
    'institution',
    ...(kind === 'specialists' ? CV_FIELDS : []),
  ]);
  const seen = new Set<string>();
  for (const r of rows) for (const key of Object.keys(r.values ?? {})) if (!known.has(key)) seen.add(key);
  return [...seen];
}

export interface ImportOptions {
  /** Rows checked and stored together, in one transaction. */
  batchSize?: number;
  /** Language of the reasons. */
  locale?: Locale;
  /** Check only; store nothing. */
  dryRun?: boolean;
  createdBy?: number | null;
  onProgress?: (done: number, total: number) => void;
}

/**
 * Checks every row with the same rules as the editing forms and stores the valid ones, one
 * transaction per batch; the full-text index follows through its triggers.
 */
export async function importRecords(db: Db, kind: ImportKind, rows: ImportRow[], options: ImportOptions = {}): Promise<ImportResult> {
  const batchSize = options.batchSize ?? 500;
  const locale = options.locale ?? 'es';
  const repo = createImportRepository(db);
  const ctx = await loadContext(repo);
  const result: ImportResult = { total: rows.length, imported: 0, invalid: [], ignoredColumns: unknownColumns(kind, rows) };

  for (let start = 0; start < rows.length; start += batchSize) {
    const valid: Record<string, unknown>[] = [];
    for (const row of rows.slice(start, start + batchSize)) {
      const checked = await checkRow(kind, row.values, ctx, locale);
      if ('reasons' in checked) result.invalid.push({ row: row.row, reasons: checked.reasons });
      else valid.push({ ...checked.values, createdBy: options.createdBy ?? null });
    }
    if (valid.length > 0 && !options.dryRun) {
      await repo.insertBatch(kind, valid);
    }
    result.imported += options.dryRun ? 0 : valid.length;
    options.onProgress?.(Math.min(start + batchSize, rows.length), rows.length);
  }
  return result;
}

/** One line per refused row, for people reading a terminal. */
export function describeInvalid(invalid: ImportResult['invalid']): string[] {
  return invalid.map((r) => `row ${r.row}: ${r.reasons.map((x) => `${x.field}: ${x.message} (${x.code})`).join('; ')}`);
}
