/**
 * The trades the demo knowledge is about: each with its ISIC section, the occupations (ISCO-08
 * unit groups, ISCED levels) that profiles describe, and in each language the phrases titles,
 * competency units and curricula are composed from.
 */
import type { Trade } from './trade-types.ts';
import { BUILDING_TRADES } from './trades-building.ts';
import { INDUSTRY_TRADES } from './trades-industry.ts';
import { PEOPLE_TRADES } from './trades-people.ts';
import { SERVICE_TRADES } from './trades-services.ts';

export type { Trade, TradeRole, TradeText } from './trade-types.ts';

export const TRADES: readonly Trade[] = [...INDUSTRY_TRADES, ...BUILDING_TRADES, ...SERVICE_TRADES, ...PEOPLE_TRADES];

const INDUSTRY = ['welding', 'machining', 'maintenance', 'automation', 'food', 'garment', 'woodwork', 'printing', 'electrical', 'refrigeration', 'logistics'];
const BUILDING = ['masonry', 'plumbing', 'site', 'electrical', 'refrigeration', 'welding', 'driving', 'solar'];
const SERVICES = ['cooking', 'hotel', 'tourism', 'retail', 'office', 'accounting', 'beauty', 'health'];

/** The trades a sectoral body works in ("country:acronym" → trade keys); the others cover every trade. */
export const INSTITUTION_FOCUS: Readonly<Record<string, readonly string[]>> = {
  'AR:UOCRA': BUILDING,
  'BR:SENAI': [...INDUSTRY, 'automotive', 'solar', 'software', 'ict_support', 'mining'],
  'BR:SENAC': [...SERVICES, 'software', 'ict_support', 'childcare', 'teaching'],
  'BR:SENAR': ['agriculture', 'livestock', 'aquaculture', 'food', 'solar'],
  'BR:SENAT': ['driving', 'logistics', 'automotive', 'office'],
  'BR:SESCOOP': ['agriculture', 'livestock', 'accounting', 'office', 'retail', 'food'],
  'BR:SESI': ['teaching', 'health', 'childcare', 'food'],
  'PE:SENATI': [...INDUSTRY, 'automotive', 'ict_support', 'software', 'mining'],
  'PE:SENCICO': [...BUILDING, 'water'],
};
