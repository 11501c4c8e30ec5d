/**
 * The revision table: its layout, its format version and the SQL that reads and writes it.
 *
 * Layout (one row per migration, plus one `meta` row):
 *
 * | column          | meaning                                                               |
 * |-----------------|-----------------------------------------------------------------------|
 * | version (PK)    | migration version; the meta row uses `.cairn-format`                  |
 * | description     | migration description                                                 |
 * | kind            | applied / baseline / set / meta                                       |
 * | applied, total  | statements applied and in the file (meta: total = table format)       |
 * | hash            | migrationHash of the up side (see hash.ts)                            |
 * | partial_hashes  | JSON array, running hash after each applied statement                 |
 * | error, error_stmt | the failure, when the last run of this migration failed             |
 * | down_sql        | the migration's down SQL, when the directory had one                  |
 * | started_at, finished_at | ISO-8601 UTC                                                  |
 * | duration_ms     | wall time of the last run                                             |
 * | cairn_version   | the Cairn that wrote the row                                          |
 *
 * The meta row is read by the same single query as the revisions, so the no-op path costs one
 * round trip; a table whose format is newer than FORMAT_VERSION is refused for writing.
 */
import type { Dialect, RevisionTableName } from '../../dialects/types.js';
import type { Revision, RevisionKind } from './types.js';
import { sqlLiteral, type SqlValue } from './literal.js';
import { CairnError } from '../../errors.js';

/** The table format this Cairn reads and writes. Bump it when the layout changes. */
export const FORMAT_VERSION = 1;
/** The key of the meta row that records the table format. */
export const META_VERSION = '.cairn-format';
export const DEFAULT_REVISIONS_TABLE = 'cairn_revisions';

/** Column names, in the order of SELECT and INSERT. */
export const COLUMNS = [
  'version', 'description', 'kind', 'applied', 'total', 'hash', 'partial_hashes', 'error',
  'error_stmt', 'down_sql', 'started_at', 'finished_at', 'duration_ms', 'cairn_version',
] as const;
export type Column = (typeof COLUMNS)[number];

/** A stored row as the drivers return it, before decoding. */
export type RawRow = Record<string, unknown>;

/** DDL for the table, schema first when one is named. Idempotent (IF NOT EXISTS). */
export function createTableSql(dialect: Dialect, name: RevisionTableName): string[] {
  const t = dialect.types;
  const q = (c: Column) => dialect.quoteIdent(c);
  const cols: Record<Column, string> = {
    version: `${t.key} NOT NULL PRIMARY KEY`,
    description: `${t.text} NOT NULL`,
    kind: `${t.key} NOT NULL`,
    applied: `${t.int} NOT NULL`,
    total: `${t.int} NOT NULL`,
    hash: `${t.key} NOT NULL`,
    partial_hashes: `${t.text} NOT NULL`,
    error: `${t.text} NULL`,
    error_stmt: `${t.text} NULL`,
    down_sql: `${t.text} NULL`,
    started_at: `${t.key} NOT NULL`,
    finished_at: `${t.key} NULL`,
    duration_ms: `${t.int} NOT NULL`,
    cairn_version: `${t.key} NOT NULL`,
  };
  const out: string[] = [];
  if (name.schema !== undefined) out.push(...dialect.createSchemaIfMissing(name.schema));
  out.push(`CREATE TABLE IF NOT EXISTS ${dialect.qualify(name)} (\n  ${COLUMNS.map((c) => `${q(c)} ${cols[c]}`).join(',\n  ')}\n)`);
  return out;
}

/**
 * Columns a plan needs. The no-op path reads only these: down SQL and statement hashes are
 * the bulk of a row and matter only to `down` and to resuming a partial revision.
 */
export const PLAN_COLUMNS: readonly Column[] = ['version', 'description', 'kind', 'applied', 'total', 'hash', 'error', 'finished_at'];

/** The one query the runner reads state with (all columns, or PLAN_COLUMNS when `light`). */
export function selectAllSql(dialect: Dialect, name: RevisionTableName, light = false): string {
  return `SELECT ${(light ? PLAN_COLUMNS : COLUMNS).map((c) => dialect.quoteIdent(c)).join(', ')} FROM ${dialect.qualify(name)}`;
}

/** Values of a revision in COLUMNS order. */
export function rowValues(r: Revision | MetaRow): SqlValue[] {
  return [
    r.version, r.description, r.kind, r.applied, r.total, r.hash, JSON.stringify(r.partialHashes), r.error,
    r.errorStatement, r.downSql, r.startedAt, r.finishedAt, r.durationMs, r.cairnVersion,
  ];
}

export interface MetaRow extends Omit<Revision, 'kind'> {
  readonly kind: 'meta';
}

export function metaRow(cairnVersion: string, now: string): MetaRow {
  return {
    version: META_VERSION, description: 'Cairn revision table format', kind: 'meta', applied: FORMAT_VERSION,
    total: FORMAT_VERSION, hash: '', partialHashes: [], error: null, errorStatement: null, downSql: null,
    startedAt: now, finishedAt: now, durationMs: 0, cairnVersion,
  };
}

/**
 * A statement to write the table, either with bound parameters (stepwise path) or spelled with
 * literals (`inline`, for a multi-statement batch). Builders take a `Values` sink so both forms
 * come from one definition; substituting placeholders afterwards would be unsafe (a literal may
 * itself contain `$1`).
 */
export interface BoundSql {
  readonly sql: string;
  readonly params: readonly SqlValue[];
}

type Render = (v: SqlValue) => string;

function build(dialect: Dialect, inlineValues: boolean, f: (v: Render) => string): BoundSql {
  const params: SqlValue[] = [];
  const render: Render = inlineValues
    ? (v) => sqlLiteral(v, dialect.lexer)
    : (v) => {
        params.push(v);
        return dialect.placeholder(params.length);
      };
  return { sql: f(render), params };
}

export interface Writer {
  insert(r: Revision | MetaRow): BoundSql;
  remove(version: string): BoundSql;
  update(version: string, set: Partial<Record<Column, SqlValue>>): BoundSql;
  /** One UPDATE giving each listed row its own values (CASE per column): n rows, one statement. */
  updateMany(rows: readonly { readonly version: string; readonly set: Partial<Record<Column, SqlValue>> }[]): BoundSql;
}

/** writer returns the statement builders for a table; `inlineValues` spells values as literals. */
export function writer(dialect: Dialect, name: RevisionTableName, inlineValues = false): Writer {
  const table = dialect.qualify(name);
  const q = (c: Column) => dialect.quoteIdent(c);
  return {
    insert: (r) =>
      build(dialect, inlineValues, (v) => `INSERT INTO ${table} (${COLUMNS.map(q).join(', ')}) VALUES (${rowValues(r).map(v).join(', ')})`),
    remove: (version) => build(dialect, inlineValues, (v) => `DELETE FROM ${table} WHERE ${q('version')} = ${v(version)}`),
    update: (version, set) =>
      build(dialect, inlineValues, (v) => {
        const assigns = (Object.keys(set) as Column[]).map((c) => `${q(c)} = ${v(set[c] ?? null)}`).join(', ');
        return `UPDATE ${table} SET ${assigns} WHERE ${q('version')} = ${v(version)}`;
      }),
    updateMany: (rows) =>
      build(dialect, inlineValues, (v) => {
        const cols = [...new Set(rows.flatMap((r) => Object.keys(r.set) as Column[]))];
        const assigns = cols.map((c) => `${q(c)} = CASE ${q('version')} ${rows.map((r) => `WHEN ${v(r.version)} THEN ${v(r.set[c] ?? null)}`).join(' ')} ELSE ${q(c)} END`);
        return `UPDATE ${table} SET ${assigns.join(', ')} WHERE ${q('version')} IN (${rows.map((r) => v(r.version)).join(', ')})`;
      }),
  };
}

/** Decodes stored rows; returns the table format and the revisions (meta row removed). */
export function decodeRows(rows: readonly RawRow[]): { format: number | null; revisions: Revision[] } {
  let format: number | null = null;
  const revisions: Revision[] = [];
  for (const row of rows) {
    if (row.kind === 'meta' && row.version === META_VERSION) {
      format = Number(row.total);
      continue;
    }
    revisions.push(decodeRow(row));
  }
  return { format, revisions };
}

function decodeRow(row: RawRow): Revision {
  const kind = String(row.kind);
  if (kind !== 'applied' && kind !== 'baseline' && kind !== 'set') {
    throw new CairnError('REVISION_TABLE', `revision ${String(row.version)} has an unknown kind "${kind}"`, { details: { version: String(row.version) } });
  }
  return {
    version: String(row.version), description: str(row.description) ?? '', kind: kind as RevisionKind,
    applied: Number(row.applied), total: Number(row.total), hash: str(row.hash) ?? '',
    partialHashes: parseHashes(row.partial_hashes, String(row.version)), error: str(row.error),
    errorStatement: str(row.error_stmt), downSql: str(row.down_sql), startedAt: str(row.started_at) ?? '',
    finishedAt: str(row.finished_at), durationMs: Number(row.duration_ms ?? 0), cairnVersion: str(row.cairn_version) ?? '',
  };
}

function str(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  return Buffer.isBuffer(v) ? v.toString('utf8') : String(v);
}

function parseHashes(v: unknown, version: string): string[] {
  const s = str(v);
  if (!s) return [];
  try {
    const a = JSON.parse(s) as unknown;
    if (Array.isArray(a) && a.every((x) => typeof x === 'string')) return a;
  } catch {
    /* fall through */
  }
  throw new CairnError('REVISION_TABLE', `revision ${version} has corrupt statement hashes`, { details: { version } });
}
