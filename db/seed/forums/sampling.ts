/** Weighted picks among the members of a community, and exact proportional splits. */
import type { Random } from './templates/index.ts';
import type { CommunityPlan, Membership, Person } from './types.ts';

/** Members of `list` (sorted by join date) who had joined before `at`: a prefix. */
export function joinedBefore(list: Membership[], at: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid].joinedAt < at) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Picks someone who had joined before `at`, by activity (times `boost`), never one of `exclude`. */
export function pickMember(
  rng: Random,
  list: Membership[],
  at: number,
  exclude: ReadonlySet<number> = new Set(),
  boost: (p: Person) => number = () => 1,
): Person | null {
  const n = joinedBefore(list, at);
  let total = 0;
  for (let i = 0; i < n; i++) if (!exclude.has(list[i].person.id)) total += list[i].person.activity * boost(list[i].person);
  if (total <= 0) return null;
  let r = rng.next() * total;
  for (let i = 0; i < n; i++) {
    const p = list[i].person;
    if (exclude.has(p.id)) continue;
    r -= p.activity * boost(p);
    if (r < 0) return p;
  }
  for (let i = n - 1; i >= 0; i--) if (!exclude.has(list[i].person.id)) return list[i].person;
  return null;
}

/** Favours the community's specialists and moderators: who gets mentioned, who answers. */
export function expertBoost(community: CommunityPlan): (m: Person) => number {
  return (m) => (m.specialist ? 4 : 1) * (community.moderators.includes(m) ? 2 : 1);
}

/** Splits `total` in proportion to `weights`, exactly (largest remainders). */
export function apportion(total: number, weights: number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  const exact = weights.map((w) => (total * w) / sum);
  const out = exact.map(Math.floor);
  const order = exact.map((x, i) => [x - Math.floor(x), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  const missing = total - out.reduce((a, b) => a + b, 0);
  for (let k = 0; k < missing; k++) out[order[k][1]]++;
  return out;
}
