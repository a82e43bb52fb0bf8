import { AppError } from '../../lib/errors.ts';
import { CONTENT_LANGUAGE_CODES, CV_SECTIONS, type CvSection, type FieldSpec } from '../../../shared/knowledge-fields.ts';

/** The lookups a field's check needs: from the database (editing) or from sets read once (import). */
export interface FieldContext {
  vocabularyHas(scheme: string, code: string): boolean | Promise<boolean>;
  countryExists(code: string): boolean | Promise<boolean>;
  institutionExists(id: number): boolean | Promise<boolean>;
  userIdOf(username: string): number | undefined | Promise<number | undefined>;
}

const isStringList = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === 'string');

function text(field: FieldSpec, value: unknown): string {
  if (typeof value !== 'string') throw new AppError('VALIDATION_FAILED', { field: field.name });
  const clean = field.type === 'textarea' ? value.replace(/\r\n/g, '\n').trim() : value.replace(/\s+/g, ' ').trim();
  if (field.max && clean.length > field.max) throw new AppError('TEXT_TOO_LONG', { field: field.name, params: { max: field.max } });
  return clean;
}

function strings(field: FieldSpec, value: unknown, max = 50): string[] {
  if (!isStringList(value) || value.length > max) throw new AppError('VALIDATION_FAILED', { field: field.name });
  return value.map((v) => text(field, v)).filter((v) => v.length > 0);
}

/** A value for each CV section. */
const bySection = <T>(value: (section: CvSection) => T) => Object.fromEntries(CV_SECTIONS.map((s) => [s, value(s)])) as Record<CvSection, T>;

/** Checks one field's value and returns what is stored; null clears an optional field. */
export async function cleanField(field: FieldSpec, value: unknown, ctx: FieldContext): Promise<unknown> {
  const empty = value === null || value === '' || (Array.isArray(value) && value.length === 0);
  if (empty) {
    if (field.required) throw new AppError('FIELD_REQUIRED', { field: field.name });
    if (field.type === 'cv') return bySection(() => []);
    if (field.type === 'visibility') return bySection(() => 'public');
    return ['vocabs', 'languages', 'strings', 'units', 'modules'].includes(field.type) ? [] : field.type === 'textarea' ? '' : null;
  }
  switch (field.type) {
    case 'text':
    case 'textarea': {
      const clean = text(field, value);
      if (field.required && clean.length === 0) throw new AppError('FIELD_REQUIRED', { field: field.name });
      return clean;
    }
    case 'vocab':
      if (typeof value !== 'string' || !(await ctx.vocabularyHas(field.scheme!, value))) throw new AppError('VOCAB_UNKNOWN', { field: field.name });
      return value;
    case 'vocabs': {
      const codes = strings(field, value);
      for (const c of codes) {
        if (!(await ctx.vocabularyHas(field.scheme!, c))) throw new AppError('VOCAB_UNKNOWN', { field: field.name });
      }
      return [...new Set(codes)];
    }
    case 'languages': {
      const codes = strings(field, value, 4);
      if (codes.some((c) => !(CONTENT_LANGUAGE_CODES as readonly string[]).includes(c))) throw new AppError('LANGUAGE_UNKNOWN', { field: field.name });
      return [...new Set(codes)];
    }
    case 'language':
      if (typeof value !== 'string' || !(CONTENT_LANGUAGE_CODES as readonly string[]).includes(value)) {
        throw new AppError('LANGUAGE_UNKNOWN', { field: field.name });
      }
      return value;
    case 'strings':
      return strings(field, value);
    case 'year':
      if (!Number.isInteger(value) || (value as number) < 1900 || (value as number) > 2100) throw new AppError('YEAR_INVALID', { field: field.name });
      return value;
    case 'url': {
      const url = text({ ...field, max: 2000 }, value);
      let parsed: URL | null = null;
      try {
        parsed = new URL(url);
      } catch {
        parsed = null;
      }
      if (!parsed || (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')) throw new AppError('URL_INVALID', { field: field.name });
      return parsed.toString();
    }
    case 'country': {
      const code = typeof value === 'string' ? value.toUpperCase() : '';
      if (!(await ctx.countryExists(code))) throw new AppError('COUNTRY_UNKNOWN', { field: field.name });
      return code;
    }
    case 'institution':
      if (!Number.isInteger(value) || !(await ctx.institutionExists(value as number))) throw new AppError('INSTITUTION_UNKNOWN', { field: field.name });
      return value;
    case 'units': {
      const units = value as { code?: unknown; title?: unknown; criteria?: unknown }[];
      if (!Array.isArray(units) || units.length > 50) throw new AppError('VALIDATION_FAILED', { field: field.name });
      return units.map((u) => {
        if (typeof u?.code !== 'string' || typeof u.title !== 'string' || !isStringList(u.criteria)) {
          throw new AppError('VALIDATION_FAILED', { field: field.name });
        }
        return { code: u.code.trim().slice(0, 40), title: u.title.trim().slice(0, 300), criteria: u.criteria.map((c) => c.trim().slice(0, 500)) };
      });
    }
    case 'modules': {
      const modules = value as { title?: unknown; hours?: unknown }[];
      if (!Array.isArray(modules) || modules.length > 100) throw new AppError('VALIDATION_FAILED', { field: field.name });
      return modules.map((m) => {
        if (typeof m?.title !== 'string' || typeof m.hours !== 'number' || m.hours < 0 || m.hours > 10_000) {
          throw new AppError('VALIDATION_FAILED', { field: field.name });
        }
        return { title: m.title.trim().slice(0, 300), hours: m.hours };
      });
    }
    case 'cv': {
      const cv = value as Record<string, unknown>;
      if (typeof cv !== 'object' || Array.isArray(cv)) throw new AppError('VALIDATION_FAILED', { field: field.name });
      const list = (key: string) => (cv[key] === undefined ? [] : strings({ ...field, max: 500 }, cv[key]));
      return bySection(list);
    }
    case 'account': {
      const id = typeof value === 'string' ? await ctx.userIdOf(value.trim().replace(/^@/, '').toLowerCase()) : undefined;
      if (id === undefined) throw new AppError('USER_NOT_FOUND', { field: field.name });
      return id;
    }
    case 'visibility': {
      const v = value as Record<string, unknown>;
      const ok = (x: unknown) => x === undefined || x === 'public' || x === 'members';
      if (typeof v !== 'object' || Array.isArray(v) || !CV_SECTIONS.every((section) => ok(v[section]))) {
        throw new AppError('VALIDATION_FAILED', { field: field.name });
      }
      return bySection((section) => v[section] ?? 'public');
    }
  }
}
