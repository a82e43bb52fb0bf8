/** The shape of a trade of the demo knowledge, and helpers to write them compactly. */
import type { Lang, LevelCode, SectorCode } from './vocabularies.ts';

export interface TradeRole {
  /** ISCO-08 unit group (4 digits). */
  isco: string;
  level: LevelCode;
  es: string;
  pt: string;
  en: string;
}

export interface TradeText {
  /** The field, lower case: "soldadura". */
  field: string;
  /** The industry or branch, capitalized: "Metalmecánica". */
  subsector: string;
  /** Specialisations as topic phrases, lower case: "soldadura MIG/MAG". */
  specs: string[];
  /** Competency unit titles, capitalized, without a final stop. */
  units: string[];
  /** Curriculum module titles. */
  modules: string[];
  /** Performance criteria of the trade, complete sentences. */
  criteria: string[];
  /** What the occupation does, a clause in lower case without a final stop. */
  purpose: string;
}

export interface Trade extends Record<Lang, TradeText> {
  key: string;
  sector: SectorCode;
  roles: TradeRole[];
}

export const role = (isco: string, level: LevelCode, es: string, pt: string, en: string): TradeRole => ({ isco, level, es, pt, en });

export const text = (
  field: string,
  subsector: string,
  specs: string[],
  units: string[],
  modules: string[],
  criteria: string[],
  purpose: string,
): TradeText => ({ field, subsector, specs, units, modules, criteria, purpose });
