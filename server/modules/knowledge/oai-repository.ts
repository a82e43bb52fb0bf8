import { sql, type SQL } from 'drizzle-orm';
import { prepared as compile, type Prepared } from '../../../db/access.ts';
import type { Db } from '../../../db/client.ts';
import { liveRecordSql } from './withdrawal.ts';

/** The kinds a harvester sees, in the order a full harvest walks them. */
export const OAI_KINDS = ['resource', 'experience', 'profile', 'specialist', 'institution'] as const;
export type OaiKind = (typeof OAI_KINDS)[number];

/** Each kind's table, its datestamp column, and the columns its sets are drawn from. */
const TABLES: Record<OaiKind, { table: string; stamp: string; sector: string | null; withdrawable: boolean }> = {
  resource: { table: 'resources', stamp: 'updated_at', sector: 'sector', withdrawable: true },
  experience: { table: 'experiences', stamp: 'updated_at', sector: 'sector', withdrawable: true },
  profile: { table: 'profiles', stamp: 'updated_at', sector: 'sector', withdrawable: true },
  specialist: { table: 'specialists', stamp: 'updated_at', sector: null, withdrawable: true },
  // Institutions are reference data (members, representatives, agreements hang on them): never withdrawn.
  institution: { table: 'institutions', stamp: 'created_at', sector: null, withdrawable: false },
};

const column = (name: string) => `r.${name}`;

/**
 * A record's datestamp: when it last changed, or, withdrawn, when it was withdrawn (what a
 * harvester's from/until select on); whether it is withdrawn, by the one condition (withdrawal.ts).
 */
const datestampOf = (kind: OaiKind) => {
  const spec = TABLES[kind];
  return spec.withdrawable ? `coalesce(r.withdrawn_at, r.${spec.stamp})` : `r.${spec.stamp}`;
};
const deletedOf = (kind: OaiKind) => (TABLES[kind].withdrawable ? `CASE WHEN ${liveRecordSql(column)} THEN 0 ELSE 1 END` : '0');

export interface OaiFilter {
  /** Datestamps from and until (ms, inclusive). */
  from: number;
  until: number;
  kind?: OaiKind;
  country?: string;
  sector?: string;
}

/** A record's header: what ListIdentifiers shows and every record starts with. */
export interface OaiHeader {
  kind: OaiKind;
  id: number;
  datestamp: number;
  country: string | null;
  sector: string | null;
  /** 1 for a withdrawn record: a header with status="deleted" and no metadata. */
  deleted: 0 | 1;
}

/** A record's fields as Dublin Core needs them (public fields only: a specialist's CV is never here). */
export type OaiRow = OaiHeader & Record<string, unknown>;

const FIELDS: Record<OaiKind, string> = {
  resource: 'r.title, r.summary, r.type, r.languages, r.authors, r.year, r.topics, r.format, r.licence, r.url',
  experience: 'r.title, r.summary, r.theme, r.languages, r.start_year AS year, r.results, r.partners',
  profile: 'r.title, r.purpose AS summary, r.subsector, r.language, r.validated_year AS year, r.isco_code AS isco, r.national_code AS "nationalCode"',
  specialist: 'r.name AS title, r.summary, r.expertise, r.languages',
  institution: 'r.name AS title, r.acronym, r.description AS summary, r.kind AS "institutionKind", r.founded AS year, r.website, NULL AS "institutionName"',
};

/**
 * What OAI-PMH harvests of the knowledge bases: every record is public reference material (the
 * lists' and sitemaps' rule) and a withdrawn one is a tombstone (reported deleted, persistently;
 * it keeps its place in the walk, so resumption tokens neither skip nor repeat), walked in a stable order (kind, then id) so that a resumption
 * token is a keyset position. Reads only; the knowledge area's tables.
 */
export function createOaiRepository(db: Db) {
  const where = (kind: OaiKind, filter: OaiFilter) => {
    const spec = TABLES[kind];
    const parts = [`${datestampOf(kind)} >= @from`, `${datestampOf(kind)} <= @until`];
    if (filter.country) parts.push('r.country_code = @country');
    if (filter.sector) parts.push(spec.sector ? `r.${spec.sector} = @sector` : '1 = 0');
    return parts.join(' AND ');
  };
  const kindsOf = (filter: OaiFilter) => (filter.kind ? [filter.kind] : [...OAI_KINDS]);
  const params = (filter: OaiFilter) => ({ from: filter.from, until: filter.until, country: filter.country ?? null, sector: filter.sector ?? null });
  // Each statement's text is one of a few per kind and filter shape: compiled once, then kept.
  const statements = new Map<string, Prepared<Record<string, unknown>>>();
  const prepared = (text: string) => {
    let statement = statements.get(text);
    if (!statement) {
      statement = compile(db, withPlaceholders(text));
      statements.set(text, statement);
    }
    return statement;
  };
  const headerColumns = (kind: OaiKind) => {
    const spec = TABLES[kind];
    return `'${kind}' AS kind, r.id AS id, ${datestampOf(kind)} AS datestamp, r.country_code AS country, ${spec.sector ? `r.${spec.sector}` : 'NULL'} AS sector, ${deletedOf(kind)} AS deleted`;
  };

  return {
    /** How many records match (a list's completeListSize). */
    async count(filter: OaiFilter): Promise<number> {
      let total = 0;
      for (const kind of kindsOf(filter)) {
        const row = (await prepared(`SELECT count(*) AS n FROM ${TABLES[kind].table} r WHERE ${where(kind, filter)}`).get(params(filter))) as { n: number };
        total += Number(row.n);
      }
      return total;
    },

    /** The next records after a keyset position (kind index, id), in harvest order. */
    async page(filter: OaiFilter, after: { kind: number; id: number }, limit: number, full: boolean): Promise<OaiRow[]> {
      const out: OaiRow[] = [];
      for (const kind of kindsOf(filter)) {
        const index = OAI_KINDS.indexOf(kind);
        if (index < after.kind) continue;
        const afterId = index === after.kind ? after.id : 0;
        const spec = TABLES[kind];
        const extra = full ? `, ${FIELDS[kind]}${kind === 'institution' ? '' : ', i.name AS "institutionName"'}` : '';
        const join = full && kind !== 'institution' ? 'LEFT JOIN institutions i ON i.id = r.institution_id' : '';
        const rows = (await prepared(
          `SELECT ${headerColumns(kind)}${extra} FROM ${spec.table} r ${join} WHERE ${where(kind, filter)} AND r.id > @afterId ORDER BY r.id LIMIT @limit`,
        ).all({ ...params(filter), afterId, limit: limit - out.length })) as OaiRow[];
        out.push(...rows);
        if (out.length >= limit) break;
      }
      return out;
    },

    /** One record, whatever its datestamp. */
    async record(kind: OaiKind, id: number): Promise<OaiRow | undefined> {
      const join = kind !== 'institution' ? 'LEFT JOIN institutions i ON i.id = r.institution_id' : '';
      const institutionName = kind !== 'institution' ? ', i.name AS "institutionName"' : '';
      return (await prepared(`SELECT ${headerColumns(kind)}, ${FIELDS[kind]}${institutionName} FROM ${TABLES[kind].table} r ${join} WHERE r.id = @id`).get({
        id,
      })) as OaiRow | undefined;
    },

    /** The oldest datestamp of all (Identify's earliestDatestamp). */
    async earliest(): Promise<number> {
      let min = Number.MAX_SAFE_INTEGER;
      for (const kind of OAI_KINDS) {
        const row = (await prepared(`SELECT min(${datestampOf(kind)}) AS m FROM ${TABLES[kind].table} r`).get()) as { m: number | null };
        if (row.m !== null) min = Math.min(min, Number(row.m));
      }
      return min === Number.MAX_SAFE_INTEGER ? Date.UTC(2000, 0, 1) : min;
    },

    /** The set values there are: countries with records, sectors of the vocabulary. */
    async setValues(): Promise<{ countries: { code: string; name: string }[]; sectors: { code: string; name: string }[] }> {
      const countries = (await prepared('SELECT code, name_en AS name FROM countries ORDER BY code').all()) as { code: string; name: string }[];
      const sectors = (await prepared("SELECT code, label_en AS name FROM vocab_terms WHERE scheme = 'sector' ORDER BY position, code").all()) as {
        code: string;
        name: string;
      }[];
      return { countries, sectors };
    },

    /** Vocabulary labels and country names, for Dublin Core's words. */
    async labels(): Promise<{ vocab: Map<string, string>; countries: Map<string, string> }> {
      const vocab = new Map(
        ((await prepared('SELECT scheme, code, label_es AS label FROM vocab_terms').all()) as { scheme: string; code: string; label: string }[]).map((r) => [
          `${r.scheme}:${r.code}`,
          r.label,
        ]),
      );
      const countries = new Map(
        ((await prepared('SELECT code, name_es AS name FROM countries').all()) as { code: string; name: string }[]).map((r) => [r.code, r.name]),
      );
      return { vocab, countries };
    },
  };
}

/** SQL text with `@name` parameters, as drizzle SQL with a placeholder for each. */
function withPlaceholders(text: string): SQL {
  const parts = text.split(/@(\w+)/);
  return sql.join(parts.map((part, i) => (i % 2 === 1 ? sql.placeholder(part) : sql.raw(part))));
}

export type OaiRepository = ReturnType<typeof createOaiRepository>;
