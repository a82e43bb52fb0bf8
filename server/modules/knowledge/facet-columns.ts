import type { Dimension } from './catalog.ts';

/**
 * One dimension of a kind's records, dictionary-encoded: each distinct value gets a small
 * integer code, and each record (by its position in the index) holds the codes of its values.
 * Filtering is then an integer comparison and counting a facet an increment in a typed array,
 * so a pass over thousands of records costs well under a millisecond.
 */
export interface FacetColumn {
  /** The value of each code, as a facet shows it. */
  values: string[];
  codeOf: Map<string, number>;
  /** One value per record: its code, or -1 for none. Null for a list column. */
  single: Int32Array | null;
  /** A list per record: the codes of record p are `codes[start[p]]` up to `codes[start[p + 1]]`. */
  start: Int32Array | null;
  codes: Int32Array | null;
}

/** The code a filter asks for: -1 without a filter, -2 for a value no record has. */
export const NO_FILTER = -1;
const NOBODY = -2;

/** The values of one record's cell: a list column holds JSON (an array; null or missing is none). */
function cellValues(dim: Dimension, raw: string | number | null): string[] {
  if (!dim.multi) return raw === null || raw === undefined ? [] : [String(raw)];
  const parsed = JSON.parse((raw as string | null) ?? '[]') as unknown;
  if (parsed === null || parsed === undefined) return [];
  return (Array.isArray(parsed) ? parsed : [parsed]).map((v) => String(v));
}

/** Encodes one dimension from its raw cells, one per record in position order. */
export function encodeColumn(dim: Dimension, cells: (string | number | null)[]): FacetColumn {
  const values: string[] = [];
  const codeOf = new Map<string, number>();
  const code = (value: string) => {
    let c = codeOf.get(value);
    if (c === undefined) {
      c = values.length;
      values.push(value);
      codeOf.set(value, c);
    }
    return c;
  };
  if (!dim.multi) {
    const single = new Int32Array(cells.length);
    cells.forEach((raw, p) => {
      single[p] = raw === null || raw === undefined ? -1 : code(String(raw));
    });
    return { values, codeOf, single, start: null, codes: null };
  }
  const start = new Int32Array(cells.length + 1);
  const codes: number[] = [];
  cells.forEach((raw, p) => {
    start[p] = codes.length;
    for (const value of cellValues(dim, raw)) codes.push(code(value));
  });
  start[cells.length] = codes.length;
  return { values, codeOf, single: null, start, codes: Int32Array.from(codes) };
}

/** The code a filter's value stands for in this column. */
export function wantedCode(column: FacetColumn, value: string | number | undefined): number {
  return value === undefined ? NO_FILTER : (column.codeOf.get(String(value)) ?? NOBODY);
}

/** Whether the record at `p` has the value `want` (a code, not NO_FILTER). */
export function hasValue(column: FacetColumn, p: number, want: number): boolean {
  if (column.single) return column.single[p] === want;
  const codes = column.codes!;
  for (let i = column.start![p]!, end = column.start![p + 1]!; i < end; i += 1) if (codes[i] === want) return true;
  return false;
}

/** Counts the values of the records at `positions[0..length)` (each value of a list counts). */
export function tally(column: FacetColumn, positions: ArrayLike<number>, length: number, counts: Int32Array): void {
  const { single } = column;
  if (single) {
    for (let k = 0; k < length; k += 1) {
      const c = single[positions[k]!]!;
      if (c >= 0) counts[c]! += 1;
    }
    return;
  }
  const start = column.start!;
  const codes = column.codes!;
  for (let k = 0; k < length; k += 1) {
    const p = positions[k]!;
    for (let i = start[p]!, end = start[p + 1]!; i < end; i += 1) counts[codes[i]!]! += 1;
  }
}

/** The most frequent values, most first, then by value; at most `limit`. */
export function topValues(column: FacetColumn, counts: Int32Array, limit: number): { value: string; count: number }[] {
  const out: { value: string; count: number }[] = [];
  for (let c = 0; c < counts.length; c += 1) if (counts[c]! > 0) out.push({ value: column.values[c]!, count: counts[c]! });
  return out.sort((a, b) => b.count - a.count || a.value.localeCompare(b.value)).slice(0, limit);
}
