/**
 * What the sectors a discussion names ("gastronomía", "construção civil", "ICT": the templates'
 * `sectors`, in the same order in every language) are in the knowledge bases: the trades a
 * citation may be about, and their ISIC sections. A question on gastronomy cites cooking, not
 * accounting.
 */
import { TRADES } from '../knowledge/trades.ts';

/** Trade keys by the templates' sector index. */
export const FORUM_SECTOR_TRADES: readonly (readonly string[])[] = [
  ['masonry', 'site', 'plumbing'], // construction
  ['hotel', 'tourism'], // tourism and hospitality
  ['welding', 'machining', 'maintenance'], // metalworking
  ['food', 'agriculture', 'livestock', 'aquaculture'], // agro-processing
  ['logistics', 'driving'], // logistics
  ['health', 'childcare'], // healthcare
  ['retail'], // retail
  ['solar'], // renewable energy
  ['software', 'ict_support'], // ICT
  ['mining'], // mining
  ['garment'], // garment manufacturing
  ['cooking'], // culinary arts
  ['automotive'], // automotive repair
  ['electrical'], // electrical installation
];

const SECTION_OF = new Map(TRADES.map((t) => [t.key, t.sector as string]));

/** The ISIC sections of each sector's trades: what a record that does not name its trade is matched by. */
export const FORUM_SECTOR_SECTIONS: readonly (readonly string[])[] = FORUM_SECTOR_TRADES.map((keys) => [...new Set(keys.map((k) => SECTION_OF.get(k)!))]);

/** The sector indices a record fits: by its trade when known, else by its ISIC section. */
export function sectorsOfRecord(trade: string | undefined, section: string | null): number[] {
  const fits: number[] = [];
  FORUM_SECTOR_TRADES.forEach((keys, index) => {
    if (trade !== undefined ? keys.includes(trade) : section !== null && FORUM_SECTOR_SECTIONS[index].includes(section)) fits.push(index);
  });
  return fits;
}
