import type { Engine } from '../../../db/engine.ts';
import type { SpecialistCv } from '../../../db/schema/index.ts';
import { CV_SECTIONS, type CvSection } from '../../../shared/knowledge-fields.ts';
import type { Actor } from '../auth/actor.ts';
import { canEditKnowledge } from './policy.ts';

/**
 * Which fields of a knowledge record a reader may see. Only specialists have such fields: each
 * CV section is marked `public` (everyone) or `members` (signed-in readers), and the marks
 * themselves (`cvVisibility`) are for editors, who fill them in. Every surface that shows a
 * specialist's fields goes through this file: the detail page, revisions, the export, and the
 * search index (the SQL form of the same rule, below), which the list and export filters, the
 * link picker and search read.
 */

export type CvVisibility = Partial<Record<CvSection, string>>;
type Cv = Partial<SpecialistCv>;

/** Who is reading, as far as field visibility goes. */
export interface FieldReader {
  signedIn: boolean;
  editor: boolean;
}

/** Anyone at all: what an export file and the search index may hold. */
export const ANYONE: FieldReader = { signedIn: false, editor: false };

export const readerOf = (actor: Actor | null): FieldReader => ({ signedIn: actor !== null, editor: canEditKnowledge(actor) });

/**
 * The rule: a section marked public is for everyone, any other for signed-in readers. A past
 * value (in a revision) is public only if every setting it lived under says so: the one when it
 * was written and today's (opening a section later does not publish what it held before).
 */
export function maySeeSection(reader: FieldReader, section: CvSection, ...settings: (CvVisibility | null | undefined)[]): boolean {
  return reader.signedIn || (settings.length > 0 && settings.every((s) => s?.[section] === 'public'));
}

/**
 * The same rule in SQL, for the search index (read by anyone): the section is public. The
 * engine is named by the caller, which writes one engine's index definitions (migrations).
 */
export function publicSectionSql(visibility: string, section: CvSection, engine: Engine = 'sqlite'): string {
  return engine === 'pg' ? `((${visibility})::jsonb ->> '${section}') = 'public'` : `json_extract(${visibility}, '$.${section}') = 'public'`;
}

/** The sections of a CV the reader may see; the others are left out. */
export function visibleCv(cv: Cv, reader: FieldReader, ...settings: (CvVisibility | null | undefined)[]): Cv {
  const out: Cv = {};
  for (const section of CV_SECTIONS) {
    if (cv[section] !== undefined && maySeeSection(reader, section, ...settings)) out[section] = cv[section];
  }
  return out;
}

/** Who sees each section: the edit form's field, for editors. */
export const maySeeCvVisibility = (reader: FieldReader): boolean => reader.editor;

type Changes = Record<string, { before: unknown; after: unknown }>;
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * Revisions (newest first) as the reader may see them: each field as the detail page shows it.
 * A CV change keeps only the visible sections and is left out when nothing visible changed; a
 * revision with nothing left is left out. `current` is the record as it is now.
 */
export function visibleRevisions<R extends { changes: Changes }>(
  kind: string,
  revisions: R[],
  current: Record<string, unknown>,
  reader: FieldReader,
): R[] {
  // Editors see every field (signed in, and the settings are theirs).
  if (kind !== 'specialists' || reader.editor) return revisions;
  const today = current.cvVisibility as CvVisibility | null;
  // The setting after each revision: today's after the newest, then each one's "before".
  let after = today;
  const out: R[] = [];
  for (const revision of revisions) {
    const { cvVisibility: setting, cv, ...rest } = revision.changes;
    const before = setting ? (setting.before as CvVisibility | null) : after;
    const changes: Changes = { ...rest };
    if (setting && maySeeCvVisibility(reader)) changes.cvVisibility = setting;
    if (cv) {
      const shown = (value: unknown, settings: (CvVisibility | null)[]) =>
        value === null || typeof value !== 'object' ? value : visibleCv(value as Cv, reader, ...settings, today);
      const afterSettings = setting ? [after, setting.after as CvVisibility | null] : [after];
      const visible = { before: shown(cv.before, [before]), after: shown(cv.after, afterSettings) };
      if (!same(visible.before, visible.after)) changes.cv = visible;
    }
    if (Object.keys(changes).length > 0) out.push({ ...revision, changes });
    after = before;
  }
  return out;
}
