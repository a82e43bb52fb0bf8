import { OAI_KINDS, type OaiFilter, type OaiHeader, type OaiKind, type OaiRepository, type OaiRow } from '../../modules/knowledge/oai-repository.ts';
import { escapeXml } from '../crawl/xml.ts';
import { clean, dublinCore, PAGE_KIND, setSpecs, type Labels } from './dublin-core.ts';

/** Records per ListRecords answer, headers per ListIdentifiers answer. */
export const RECORDS_PER_PAGE = 250;
export const HEADERS_PER_PAGE = 1000;

const VERBS = ['Identify', 'ListMetadataFormats', 'ListSets', 'ListIdentifiers', 'ListRecords', 'GetRecord'] as const;
type Verb = (typeof VERBS)[number];

/** The arguments each verb takes: required, optional, exclusive (the resumption token). */
const ARGUMENTS: Record<Verb, { required: string[]; optional: string[]; exclusive?: string }> = {
  Identify: { required: [], optional: [] },
  ListMetadataFormats: { required: [], optional: ['identifier'] },
  ListSets: { required: [], optional: [], exclusive: 'resumptionToken' },
  ListIdentifiers: { required: ['metadataPrefix'], optional: ['from', 'until', 'set'], exclusive: 'resumptionToken' },
  ListRecords: { required: ['metadataPrefix'], optional: ['from', 'until', 'set'], exclusive: 'resumptionToken' },
  GetRecord: { required: ['identifier', 'metadataPrefix'], optional: [] },
};

type ErrorCode = 'badVerb' | 'badArgument' | 'cannotDisseminateFormat' | 'idDoesNotExist' | 'noRecordsMatch' | 'badResumptionToken' | 'noMetadataFormats' | 'noSetHierarchy';

class OaiError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** Where a list is: the harvest's fixed window and set, the keyset position, the size and how far. */
interface Token {
  v: 1;
  f: number;
  u: number;
  s: string | null;
  k: number;
  i: number;
  n: number;
  c: number;
}

const encodeToken = (token: Token) => Buffer.from(JSON.stringify(token)).toString('base64url');

function decodeToken(text: string): Token {
  try {
    const token = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as Token;
    const ints = [token.f, token.u, token.k, token.i, token.n, token.c];
    if (token.v !== 1 || !ints.every((n) => Number.isSafeInteger(n) && n >= 0) || token.k >= OAI_KINDS.length || (token.s !== null && typeof token.s !== 'string')) {
      throw new Error('shape');
    }
    return token;
  } catch {
    throw new OaiError('badResumptionToken', 'The resumption token is not one this repository issued.');
  }
}

/** A moment at the repository's granularity (seconds, UTC). */
const stamp = (ms: number) => new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');

/** `from`/`until` in either granularity; `until` of a day means its end. */
function parseDate(value: string, end: boolean): { ms: number; day: boolean } {
  const day = /^\d{4}-\d{2}-\d{2}$/.test(value);
  if (!day && !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/.test(value)) throw new OaiError('badArgument', `"${value}" is not a date (YYYY-MM-DD or YYYY-MM-DDThh:mm:ssZ).`);
  const ms = Date.parse(day ? `${value}T00:00:00Z` : value);
  if (Number.isNaN(ms)) throw new OaiError('badArgument', `"${value}" is not a date.`);
  return { ms: day && end ? ms + 86_399_999 : end ? ms + 999 : ms, day };
}

function parseSet(spec: string | null): Pick<OaiFilter, 'kind' | 'country' | 'sector'> | null {
  if (spec === null) return {};
  const [family, value] = spec.split(':', 2);
  if (family === 'kind' && (OAI_KINDS as readonly string[]).includes(value ?? '')) return { kind: value as OaiKind };
  if (family === 'country' && /^[A-Z]{2}$/.test(value ?? '')) return { country: value };
  if (family === 'sector' && /^[A-Z0-9]{1,10}$/.test(value ?? '')) return { sector: value };
  return null;
}

export interface OaiContext {
  repo: OaiRepository;
  /** The site's public base URL (MINGA_PUBLIC_URL), without a trailing slash. */
  publicUrl: string;
  adminEmail: string;
  now: () => number;
  /** Records per ListRecords answer and headers per ListIdentifiers answer (tests lower them to see the paging). */
  pageSizes?: { records?: number; headers?: number };
}

/**
 * OAI-PMH 2.0 over the knowledge bases: the six verbs, `oai_dc`, sets by kind, country and
 * sector, `from`/`until`, resumption tokens that keep a harvest's window fixed (what changes
 * during a harvest falls after its `until` and comes with the next one: no record twice), and
 * every error the protocol names. Answers the whole XML document.
 */
export function createOaiProtocol(ctx: OaiContext) {
  const host = new URL(ctx.publicUrl).hostname;
  const baseUrl = `${ctx.publicUrl}/oai`;
  const identifier = (kind: OaiKind, id: number) => `oai:${host}:${kind}/${id}`;
  const pageUrl = (kind: OaiKind, id: number) => `${ctx.publicUrl}/knowledge/${PAGE_KIND[kind]}/${id}`;

  function parseIdentifier(value: string): { kind: OaiKind; id: number } {
    const match = /^oai:([^:]+):([a-z]+)\/(\d{1,15})$/.exec(value);
    if (!match || match[1] !== host || !(OAI_KINDS as readonly string[]).includes(match[2]!)) {
      throw new OaiError('idDoesNotExist', `"${value}" is not an identifier of this repository.`);
    }
    return { kind: match[2] as OaiKind, id: Number(match[3]) };
  }

  const header = (row: OaiHeader) =>
    `<header${row.deleted ? ' status="deleted"' : ''}><identifier>${escapeXml(identifier(row.kind, row.id))}</identifier><datestamp>${stamp(row.datestamp)}</datestamp>${setSpecs(row)
      .map((s) => `<setSpec>${escapeXml(s)}</setSpec>`)
      .join('')}</header>`;
  // A withdrawn record is its header alone: no metadata (the protocol's deleted record).
  const record = (row: OaiRow, labels: Labels) =>
    row.deleted ? `<record>${header(row)}</record>` : `<record>${header(row)}<metadata>${dublinCore(row, pageUrl(row.kind, row.id), labels)}</metadata></record>`;

  function checkPrefix(prefix: string) {
    if (prefix !== 'oai_dc') throw new OaiError('cannotDisseminateFormat', `This repository disseminates oai_dc only, not "${prefix}".`);
  }

  async function list(verb: 'ListIdentifiers' | 'ListRecords', args: Map<string, string>): Promise<string> {
    let token: Token;
    const resumption = args.get('resumptionToken');
    if (resumption !== undefined) {
      token = decodeToken(resumption);
    } else {
      checkPrefix(args.get('metadataPrefix')!);
      const from = args.has('from') ? parseDate(args.get('from')!, false) : null;
      const until = args.has('until') ? parseDate(args.get('until')!, true) : null;
      if (from && until && from.day !== until.day) throw new OaiError('badArgument', '"from" and "until" must have the same granularity.');
      const upper = Math.min(until?.ms ?? Number.MAX_SAFE_INTEGER, ctx.now());
      token = { v: 1, f: from?.ms ?? 0, u: upper, s: args.get('set') ?? null, k: 0, i: 0, n: 0, c: 0 };
      if (from && until && from.ms > until.ms) throw new OaiError('badArgument', '"from" is later than "until".');
    }
    const set = parseSet(token.s);
    if (set === null) throw new OaiError(resumption !== undefined ? 'badResumptionToken' : 'noRecordsMatch', `There is no set "${token.s}".`);
    const filter: OaiFilter = { from: token.f, until: token.u, ...set };
    const size = resumption !== undefined ? token.n : await ctx.repo.count(filter);
    if (size === 0) throw new OaiError('noRecordsMatch', 'No record matches these arguments.');
    const limit = verb === 'ListRecords' ? (ctx.pageSizes?.records ?? RECORDS_PER_PAGE) : (ctx.pageSizes?.headers ?? HEADERS_PER_PAGE);
    const rows = await ctx.repo.page(filter, { kind: token.k, id: token.i }, limit + 1, verb === 'ListRecords');
    const page = rows.slice(0, limit);
    if (page.length === 0 && resumption !== undefined) throw new OaiError('badResumptionToken', 'This list has no more records.');
    const labels = verb === 'ListRecords' ? await ctx.repo.labels() : null;
    const items = page.map((row) => (labels ? record(row, labels) : header(row))).join('');
    const last = page.at(-1)!;
    const cursor = token.c + page.length;
    const more = rows.length > limit;
    const next = more ? encodeToken({ ...token, k: OAI_KINDS.indexOf(last.kind), i: last.id, n: size, c: cursor }) : '';
    // The last answer carries an empty token, as the protocol asks, when the list was resumed.
    const tokenXml =
      more || resumption !== undefined ? `<resumptionToken completeListSize="${size}" cursor="${token.c}">${next}</resumptionToken>` : '';
    return `<${verb}>${items}${tokenXml}</${verb}>`;
  }

  const verbs: Record<Verb, (args: Map<string, string>) => string | Promise<string>> = {
    Identify: async () =>
      `<Identify><repositoryName>Minga</repositoryName><baseURL>${escapeXml(baseUrl)}</baseURL><protocolVersion>2.0</protocolVersion><adminEmail>${escapeXml(
        ctx.adminEmail,
      )}</adminEmail><earliestDatestamp>${stamp(await ctx.repo.earliest())}</earliestDatestamp><deletedRecord>persistent</deletedRecord><granularity>YYYY-MM-DDThh:mm:ssZ</granularity><description><oai-identifier xmlns="http://www.openarchives.org/OAI/2.0/oai-identifier" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://www.openarchives.org/OAI/2.0/oai-identifier http://www.openarchives.org/OAI/2.0/oai-identifier.xsd"><scheme>oai</scheme><repositoryIdentifier>${escapeXml(
        host,
      )}</repositoryIdentifier><delimiter>:</delimiter><sampleIdentifier>${escapeXml(identifier('resource', 1))}</sampleIdentifier></oai-identifier></description></Identify>`,
    ListMetadataFormats: async (args) => {
      if (args.has('identifier')) {
        const { kind, id } = parseIdentifier(args.get('identifier')!);
        if (!(await ctx.repo.record(kind, id))) throw new OaiError('idDoesNotExist', `No record "${args.get('identifier')}".`);
      }
      return '<ListMetadataFormats><metadataFormat><metadataPrefix>oai_dc</metadataPrefix><schema>http://www.openarchives.org/OAI/2.0/oai_dc.xsd</schema><metadataNamespace>http://www.openarchives.org/OAI/2.0/oai_dc/</metadataNamespace></metadataFormat></ListMetadataFormats>';
    },
    ListSets: async (args) => {
      if (args.has('resumptionToken')) throw new OaiError('badResumptionToken', 'ListSets answers in one part; there is nothing to resume.');
      const { countries, sectors } = await ctx.repo.setValues();
      const set = (spec: string, name: string) => `<set><setSpec>${escapeXml(spec)}</setSpec><setName>${escapeXml(clean(name))}</setName></set>`;
      return `<ListSets>${[
        ...OAI_KINDS.map((k) => set(`kind:${k}`, `Kind: ${k}`)),
        ...countries.map((c) => set(`country:${c.code}`, `Country: ${c.name}`)),
        ...sectors.map((s) => set(`sector:${s.code}`, `Sector: ${s.name}`)),
      ].join('')}</ListSets>`;
    },
    ListIdentifiers: (args) => list('ListIdentifiers', args),
    ListRecords: (args) => list('ListRecords', args),
    GetRecord: async (args) => {
      const { kind, id } = parseIdentifier(args.get('identifier')!);
      checkPrefix(args.get('metadataPrefix')!);
      const row = await ctx.repo.record(kind, id);
      if (!row) throw new OaiError('idDoesNotExist', `No record "${args.get('identifier')}".`);
      return `<GetRecord>${record(row, await ctx.repo.labels())}</GetRecord>`;
    },
  };

  /** Answers one request given its arguments as they came (repeated ones included). */
  return async function answer(pairs: [string, string][]): Promise<string> {
    const responseDate = stamp(ctx.now());
    let body: string;
    let requestAttributes = '';
    try {
      const args = new Map<string, string>();
      for (const [name, value] of pairs) {
        if (args.has(name)) throw new OaiError('badArgument', `The argument "${name}" is repeated.`);
        args.set(name, value);
      }
      const verb = args.get('verb');
      if (!verb || !(VERBS as readonly string[]).includes(verb)) throw new OaiError('badVerb', verb ? `"${verb}" is not a verb of OAI-PMH.` : 'The verb is missing.');
      args.delete('verb');
      const allowed = ARGUMENTS[verb as Verb];
      const exclusive = allowed.exclusive && args.has(allowed.exclusive);
      if (exclusive && args.size > 1) throw new OaiError('badArgument', `"${allowed.exclusive}" is exclusive: it comes alone.`);
      for (const name of args.keys()) {
        if (!allowed.required.includes(name) && !allowed.optional.includes(name) && name !== allowed.exclusive) {
          throw new OaiError('badArgument', `"${name}" is not an argument of ${verb}.`);
        }
      }
      if (!exclusive) {
        for (const name of allowed.required) if (!args.has(name)) throw new OaiError('badArgument', `${verb} needs "${name}".`);
      }
      requestAttributes = [['verb', verb], ...args].map(([name, value]) => ` ${name}="${escapeXml(clean(value))}"`).join('');
      body = await verbs[verb as Verb](args);
    } catch (error) {
      if (!(error instanceof OaiError)) throw error;
      // badVerb and badArgument answers echo no arguments (the protocol's rule).
      if (error.code === 'badVerb' || error.code === 'badArgument') requestAttributes = '';
      body = `<error code="${error.code}">${escapeXml(error.message)}</error>`;
    }
    return `<?xml version="1.0" encoding="UTF-8"?>\n<OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://www.openarchives.org/OAI/2.0/ http://www.openarchives.org/OAI/2.0/OAI-PMH.xsd"><responseDate>${responseDate}</responseDate><request${requestAttributes}>${escapeXml(baseUrl)}</request>${body}</OAI-PMH>`;
  };
}

export type OaiProtocol = ReturnType<typeof createOaiProtocol>;
