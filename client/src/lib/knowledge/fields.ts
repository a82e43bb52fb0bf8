import type { MessageKey } from '../../../../shared/i18n/index.ts';
import { CV_SECTIONS, KNOWLEDGE_FIELDS, type CvSection, type FieldSpec } from '../../../../shared/knowledge-fields.ts';
import type { Experience, Profile, Resource, Specialist } from '../../../../shared/schemas/knowledge.ts';
import { formatNumber, t } from '../i18n.svelte.ts';
import { languageName } from '../languages.ts';
import type { EditableKind } from './kinds.ts';
import { reference } from './reference.svelte.ts';

export type { FieldSpec };
export type KnowledgeItem = Resource | Experience | Profile | Specialist;

export { CV_SECTIONS, type CvSection };
export const VISIBILITIES = ['public', 'members'] as const;
export type Visibility = (typeof VISIBILITIES)[number];

export interface UnitRow {
  code: string;
  title: string;
  /** One criterion per line. */
  criteria: string;
}

export interface ModuleRow {
  title: string;
  /** As typed: a number once it is one. */
  hours: string;
}

/**
 * A record's fields as the form edits them: every one-value field as text (codes, ids and
 * years too, as the controls hold them), the multiple choices as lists, and the composite
 * fields of profiles and specialists as rows.
 */
export interface FormValues {
  text: Record<string, string>;
  lists: Record<string, string[]>;
  units: UnitRow[];
  modules: ModuleRow[];
  cv: Record<CvSection, string>;
  visibility: Record<CvSection, Visibility>;
}

const LIST_TYPES = new Set(['vocabs', 'languages']);

export function fieldsOf(kind: EditableKind): FieldSpec[] {
  return KNOWLEDGE_FIELDS[kind];
}

/** A field's name for people, in the interface language. */
export function fieldLabel(name: string): string {
  return t(`knowledge.field.${name}` as MessageKey);
}

export function emptyValues(kind: EditableKind): FormValues {
  const values: FormValues = {
    text: {},
    lists: {},
    units: [],
    modules: [],
    cv: { education: '', experience: '', publications: '' },
    visibility: { education: 'public', experience: 'public', publications: 'public' },
  };
  for (const field of fieldsOf(kind)) {
    if (LIST_TYPES.has(field.type)) values.lists[field.name] = [];
    else if (!['units', 'modules', 'cv', 'visibility'].includes(field.type)) values.text[field.name] = '';
  }
  return values;
}

/** A field's stored value in a record as the API returns it (`institutionId` is `institution`). */
export function itemValue(item: KnowledgeItem, name: string): unknown {
  if (name === 'institutionId') return (item as { institution: { id: number } | null }).institution?.id ?? null;
  if (name === 'userId') return (item as { user?: { username: string } | null }).user?.username ?? null;
  return (item as unknown as Record<string, unknown>)[name];
}

const lines = (list: unknown) => (Array.isArray(list) ? list.join('\n') : '');

export function valuesFromItem(kind: EditableKind, item: KnowledgeItem): FormValues {
  const values = emptyValues(kind);
  for (const field of fieldsOf(kind)) {
    const value = itemValue(item, field.name);
    switch (field.type) {
      case 'vocabs':
      case 'languages':
        values.lists[field.name] = Array.isArray(value) ? [...(value as string[])] : [];
        break;
      case 'strings':
        values.text[field.name] = lines(value);
        break;
      case 'units':
        values.units = (value as Profile['units']).map((unit) => ({ code: unit.code, title: unit.title, criteria: lines(unit.criteria) }));
        break;
      case 'modules':
        values.modules = (value as Profile['curriculum']).map((module) => ({ title: module.title, hours: String(module.hours) }));
        break;
      case 'cv': {
        const cv = value as Specialist['cv'];
        for (const section of CV_SECTIONS) values.cv[section] = lines(cv[section]);
        break;
      }
      case 'visibility': {
        // Editors receive who may see each CV section; without it the form starts from "public".
        const visibility = (item as { cvVisibility?: Partial<Record<CvSection, Visibility>> }).cvVisibility;
        if (visibility) for (const section of CV_SECTIONS) values.visibility[section] = visibility[section] ?? 'public';
        break;
      }
      default:
        values.text[field.name] = value === null || value === undefined ? '' : String(value);
    }
  }
  return values;
}

const splitLines = (text: string) =>
  text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.length > 0);

/** A whole number when the text is one; otherwise the text, for the server to name the fault. */
function numberOrText(text: string): number | string | null {
  const clean = text.trim();
  if (clean === '') return null;
  const value = Number(clean.replace(',', '.'));
  return Number.isFinite(value) ? value : clean;
}

/** What the API receives for one field. */
export function payloadValue(field: FieldSpec, values: FormValues): unknown {
  const text = values.text[field.name] ?? '';
  switch (field.type) {
    case 'vocabs':
    case 'languages':
      return values.lists[field.name] ?? [];
    case 'strings':
      return splitLines(text);
    case 'year':
      return numberOrText(text);
    case 'institution':
      return text === '' ? null : Number(text);
    case 'vocab':
    case 'language':
    case 'country':
      return text === '' ? null : text;
    case 'units':
      return values.units
        .map((unit) => ({ code: unit.code.trim(), title: unit.title.trim(), criteria: splitLines(unit.criteria) }))
        .filter((unit) => unit.code || unit.title || unit.criteria.length > 0);
    case 'modules':
      return values.modules
        .filter((module) => module.title.trim() || module.hours.trim())
        .map((module) => ({ title: module.title.trim(), hours: numberOrText(module.hours) }));
    case 'cv':
      return Object.fromEntries(CV_SECTIONS.map((section) => [section, splitLines(values.cv[section])]));
    case 'visibility':
      return { ...values.visibility };
    default:
      return text;
  }
}

/** The whole record, for a new one. */
export function payloadOf(kind: EditableKind, values: FormValues): Record<string, unknown> {
  return Object.fromEntries(fieldsOf(kind).map((field) => [field.name, payloadValue(field, values)]));
}

/** Only the fields that differ from what the form started with, for a change. */
export function changedPayload(kind: EditableKind, values: FormValues, initial: FormValues): Record<string, unknown> {
  const changed: Record<string, unknown> = {};
  for (const field of fieldsOf(kind)) {
    const now = payloadValue(field, values);
    if (JSON.stringify(now) !== JSON.stringify(payloadValue(field, initial))) changed[field.name] = now;
  }
  return changed;
}

/** Total hours of a curriculum. */
export function totalHours(modules: { hours: number }[]): number {
  return modules.reduce((sum, module) => sum + (Number.isFinite(module.hours) ? module.hours : 0), 0);
}

function isEmpty(value: unknown): boolean {
  return value === null || value === undefined || value === '' || (Array.isArray(value) && value.length === 0);
}

/** One stored value as a line of text (the history of changes, a suggestion's field). */
export function valueText(field: FieldSpec | undefined, value: unknown): string {
  if (isEmpty(value)) return t('knowledge.value.empty');
  const list = (items: unknown[], map: (item: unknown) => string) => items.map(map).join(', ');
  switch (field?.type) {
    case 'vocab':
      return reference.label(field.scheme!, String(value));
    case 'vocabs':
      return list(value as unknown[], (code) => reference.label(field.scheme!, String(code)));
    case 'languages':
      return list(value as unknown[], (code) => languageName(String(code)));
    case 'language':
      return languageName(String(value));
    case 'country':
      return reference.countryLabel(String(value));
    case 'institution':
      return reference.institution(Number(value))?.acronym ?? String(value);
    case 'strings':
      return (value as string[]).join('; ');
    case 'units':
      return (value as Profile['units']).map((unit) => `${unit.code} ${unit.title}`.trim()).join('; ');
    case 'modules':
      return (value as Profile['curriculum'])
        .map((module) => t('knowledge.curriculum.moduleHours', { title: module.title, hours: formatNumber(module.hours) }))
        .join('; ');
    case 'cv': {
      const cv = value as Partial<Record<CvSection, string[]>>;
      return CV_SECTIONS.filter((section) => (cv[section] ?? []).length > 0)
        .map((section) => `${t(`knowledge.cv.${section}`)}: ${(cv[section] ?? []).join('; ')}`)
        .join(' · ');
    }
    case 'visibility': {
      const visibility = value as Partial<Record<CvSection, Visibility>>;
      return CV_SECTIONS.map((section) => `${t(`knowledge.cv.${section}`)}: ${t(`knowledge.visibility.${visibility[section] ?? 'public'}`)}`).join(' · ');
    }
    default:
      return typeof value === 'object' ? JSON.stringify(value) : String(value);
  }
}

export function fieldSpec(kind: EditableKind, name: string): FieldSpec | undefined {
  return fieldsOf(kind).find((field) => field.name === name);
}

/** Rows of a record's page: each named field with its value as the API gives it. */
export function detailRows(kind: EditableKind, item: KnowledgeItem, names: string[]): { field: FieldSpec; value: unknown }[] {
  return names.flatMap((name) => {
    const field = fieldSpec(kind, name);
    if (!field) return [];
    const value = name === 'institutionId' ? (item as { institution: unknown }).institution : itemValue(item, name);
    return [{ field, value }];
  });
}
