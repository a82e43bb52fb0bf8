/**
 * `npm run db:copy`: moves a whole Minga database from one engine to the other (SQLite →
 * PostgreSQL to outgrow one machine, and back), in batches with progress, in one transaction on
 * the target, then verifies every table: the same number of rows and the same checksum.
 *
 * The checksum of a table is the sum (mod 2^128) of a SHA-256 of each row's values in a
 * canonical form: it does not depend on the order rows come in (text keys sort differently
 * under the two engines' collations), and a single changed value changes it.
 */
import { createHash } from 'node:crypto';
import type { Row, Side, TableInfo } from './sides.ts';

export interface CopyReport {
  tables: { name: string; rows: number; checksum: string }[];
  rows: number;
  ms: number;
}

export class CopyError extends Error {}

const MOD = 1n << 128n;

function canonical(value: unknown): string {
  if (value === null || value === undefined) return 'n';
  if (typeof value === 'number') return Number.isInteger(value) ? `i${value}` : `f${value}`;
  if (typeof value === 'bigint') return `i${value}`;
  if (typeof value === 'boolean') return `i${value ? 1 : 0}`;
  if (typeof value === 'string') return `s${value}`;
  if (value instanceof Uint8Array) return `b${Buffer.from(value).toString('hex')}`;
  if (value instanceof Date) return `i${value.getTime()}`;
  return `j${JSON.stringify(value)}`;
}

export function rowHash(row: Row): bigint {
  const digest = createHash('sha256').update(JSON.stringify(row.map(canonical))).digest();
  return BigInt(`0x${digest.subarray(0, 16).toString('hex')}`);
}

export async function tableChecksum(side: Side, table: TableInfo, columns: string[], batch = 2000): Promise<{ rows: number; checksum: string }> {
  let sum = 0n;
  let rows = 0;
  // Columns by name: the two engines keep a table's columns in different orders.
  const byName = [...columns].sort();
  for await (const chunk of side.read(table, byName, batch)) {
    for (const row of chunk) sum = (sum + rowHash(row)) % MOD;
    rows += chunk.length;
  }
  return { rows, checksum: sum.toString(16).padStart(32, '0') };
}

/** Tables in an order where each comes after those its foreign keys point to. */
export function dependencyOrder(tables: TableInfo[]): TableInfo[] {
  const byName = new Map(tables.map((t) => [t.name, t]));
  const done = new Set<string>();
  const visiting = new Set<string>();
  const order: TableInfo[] = [];
  const visit = (table: TableInfo, path: string[]) => {
    if (done.has(table.name)) return;
    if (visiting.has(table.name)) throw new CopyError(`foreign keys form a cycle: ${[...path, table.name].join(' → ')}`);
    visiting.add(table.name);
    for (const reference of table.references) {
      const target = byName.get(reference);
      if (target) visit(target, [...path, table.name]);
    }
    visiting.delete(table.name);
    done.add(table.name);
    order.push(table);
  };
  for (const table of tables) visit(table, []);
  return order;
}

export interface CopyOptions {
  progress?: (line: string) => void;
  /** Rows per batch (default 2,000). */
  batch?: number;
}

export async function copyDatabase(from: Side, to: Side, options: CopyOptions = {}): Promise<CopyReport> {
  const say = options.progress ?? (() => {});
  const batch = options.batch ?? 2000;
  const started = Date.now();

  const source = await from.tables();
  if (!source.some((t) => t.name === 'users')) throw new CopyError(`${from.label} is not a Minga database (no users table)`);
  say(`preparing ${to.label} (migrations)`);
  await to.migrate();
  const target = await to.tables();

  const sourceNames = new Set(source.map((t) => t.name));
  const targetNames = new Set(target.map((t) => t.name));
  const onlySource = [...sourceNames].filter((n) => !targetNames.has(n));
  const onlyTarget = [...targetNames].filter((n) => !sourceNames.has(n));
  if (onlySource.length || onlyTarget.length) {
    throw new CopyError(
      `the two databases are not at the same migration (only in the source: ${onlySource.join(', ') || 'none'}; only in the target: ${onlyTarget.join(', ') || 'none'}). ` +
        'Start Minga once on the source (it applies its migrations), and use this version of Minga for both.',
    );
  }
  for (const table of target) {
    if ((await to.count(table)) > 0) throw new CopyError(`${to.label} already holds data (table ${table.name}): copy into an empty database`);
  }

  const plan = dependencyOrder(target).map((table) => {
    const from_ = source.find((t) => t.name === table.name)!;
    const missing = table.columns.filter((c) => !from_.columns.includes(c));
    if (missing.length) throw new CopyError(`table ${table.name}: columns ${missing.join(', ')} are missing in the source (not at the same migration)`);
    return { table, sourceTable: from_, columns: table.columns };
  });

  const totals = new Map<string, number>();
  let all = 0;
  for (const { sourceTable } of plan) {
    const n = await from.count(sourceTable);
    totals.set(sourceTable.name, n);
    all += n;
  }
  say(`copying ${all} rows in ${plan.length} tables, ${batch} rows at a time`);

  await to.beginWrite();
  let copied = 0;
  try {
    for (const { table, sourceTable, columns } of plan) {
      const total = totals.get(table.name)!;
      let done = 0;
      for await (const rows of from.read(sourceTable, columns, batch)) {
        await to.write(table, columns, rows);
        done += rows.length;
        copied += rows.length;
        if (total >= batch * 5) say(`  ${table.name}: ${done}/${total} (${Math.floor((copied / Math.max(all, 1)) * 100)}% of all)`);
      }
      if (total < batch * 5) say(`  ${table.name}: ${done}/${total}`);
    }
    await to.endWrite(target);
  } catch (error) {
    throw error instanceof CopyError ? error : new CopyError(`copy failed, nothing was written: ${(error as Error).message}`);
  }

  say('verifying: row counts and a checksum per table');
  const report: CopyReport = { tables: [], rows: copied, ms: 0 };
  const mismatches: string[] = [];
  for (const { table, sourceTable, columns } of plan) {
    const [a, b] = [await tableChecksum(from, sourceTable, columns, batch), await tableChecksum(to, table, columns, batch)];
    if (a.rows !== b.rows || a.checksum !== b.checksum) {
      mismatches.push(`${table.name}: ${a.rows} rows ${a.checksum} → ${b.rows} rows ${b.checksum}`);
    }
    report.tables.push({ name: table.name, rows: b.rows, checksum: b.checksum });
  }
  if (mismatches.length) throw new CopyError(`verification failed:\n  ${mismatches.join('\n  ')}`);
  report.ms = Date.now() - started;
  say(`verified ${report.tables.length} tables, ${copied} rows, equal counts and checksums (${(report.ms / 1000).toFixed(1)} s)`);
  return report;
}
