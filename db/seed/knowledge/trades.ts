/**
 * The trades the demo knowledge is about: each with its ISIC section, the occupations (ISCO-08
 * unit groups, ISCED levels) that profiles describe, and in each language the phrases titles,
 * competency units and curricula are composed from.
 */
import type { Trade } from './trade-types.ts';
import { BUILDING_TRADES } from './trades-building.ts';
import { INDUSTRY_TRADES } from './trades-industry.ts';
import { SERVICE_TRADES } from './trades-services.ts';

export type { Trade, TradeRole, TradeText } from './trade-types.ts';

export const TRADES: readonly Trade[] = [...INDUSTRY_TRADES, ...BUILDING_TRADES, ...SERVICE_TRADES];
