/**
 * Reading the other tool's table. The tool lists where its table may be; the first candidate
 * whose SELECT succeeds is the one. Only when every candidate fails does the reader ask why,
 * portably (a `SELECT … WHERE 1 = 0` per table, then per column), so that a refusal names the
 * table it looked for, or the columns a table of that name lacks. Nothing here writes.
 */
import type { Connection } from '../../dialects/types.js';
import { CairnError } from '../../errors.js';
import type { AdoptOptions, AdoptTool, ToolRow, ToolTable } from './types.js';

export interface ToolTableRead {
  readonly table: ToolTable;
  /** `schema.table`, or `table` when in the connection's schema: for messages. */
  readonly label: string;
  readonly rows: readonly ToolRow[];
}

export function tableLabel(t: ToolTable): string {
  return t.schema !== undefined ? `${t.schema}.${t.table}` : t.table;
}

/** The candidates to try: the tool's own, or the table and schema the caller named. */
function candidates(tool: AdoptTool, conn: Connection, opts: Pick<AdoptOptions, 'toolTable' | 'toolSchema'>): ToolTable[] {
  const named = opts.toolTable !== undefined
    ? [{ table: opts.toolTable, ...(opts.toolSchema !== undefined ? { schema: opts.toolSchema } : {}) }]
    : opts.toolSchema !== undefined ? tool.tables.map((t) => ({ table: t.table, schema: opts.toolSchema })) : tool.tables;
  if (opts.toolSchema !== undefined && !conn.dialect.capabilities.schemas) {
    throw new CairnError('USAGE', `${conn.dialect.displayName} has no schemas; drop toolSchema (${opts.toolSchema})`);
  }
  // A database without schemas keeps every table in the main one: schema candidates do not apply.
  const usable = named.filter((t) => t.schema === undefined || conn.dialect.capabilities.schemas);
  return usable.filter((t, i) => usable.findIndex((u) => u.table === t.table && u.schema === t.schema) === i);
}

function selectSql(conn: Connection, t: ToolTable, columns: readonly string[], where = ''): string {
  const q = (c: string) => conn.dialect.quoteIdent(c);
  return `SELECT ${columns.map((c) => `${q(c)} AS ${q(c)}`).join(', ')} FROM ${conn.dialect.qualify(t)}${where}`;
}

async function tryRead(conn: Connection, t: ToolTable, columns: readonly string[]): Promise<ToolRow[] | undefined> {
  try {
    return await conn.query<ToolRow>(selectSql(conn, t, columns));
  } catch {
    return undefined;
  }
}

async function succeeds(conn: Connection, sql: string): Promise<boolean> {
  try {
    await conn.query(sql);
    return true;
  } catch {
    return false;
  }
}

/** readToolTable reads the tool's history, or throws HISTORY_MISMATCH naming what is missing. */
export async function readToolTable(conn: Connection, tool: AdoptTool, opts: Pick<AdoptOptions, 'toolTable' | 'toolSchema'>): Promise<ToolTableRead> {
  const tried = candidates(tool, conn, opts);
  for (const t of tried) {
    const rows = await tryRead(conn, t, tool.columns);
    if (rows !== undefined) return { table: t, label: tableLabel(t), rows };
  }
  const q = conn.dialect.quoteIdent;
  for (const t of tried) {
    if (!(await succeeds(conn, `SELECT 1 FROM ${conn.dialect.qualify(t)} WHERE 1 = 0`))) continue;
    const missing: string[] = [];
    for (const c of tool.columns) if (!(await succeeds(conn, `SELECT ${q(c)} FROM ${conn.dialect.qualify(t)} WHERE 1 = 0`))) missing.push(c);
    throw new CairnError('HISTORY_MISMATCH', `${tableLabel(t)} in ${conn.redactedUrl} is not ${tool.label}'s history table as ${tool.label} writes it: missing column(s) ${missing.join(', ') || '(none, yet it cannot be read)'}; adopt --from ${tool.name} reads ${tool.columns.join(', ')}`, {
      details: { tool: tool.name, table: tableLabel(t), missingColumns: missing, expectedColumns: [...tool.columns] },
      hint: `check --from (another tool may own ${tableLabel(t)}), or point --tool-table/--tool-schema at ${tool.label}'s table`,
    });
  }
  throw new CairnError('HISTORY_MISMATCH', `no ${tool.label} history table in ${conn.redactedUrl}: looked for ${tried.map(tableLabel).join(', ')}`, {
    details: { tool: tool.name, looked: tried.map(tableLabel) },
    hint: `check the URL and --from; if ${tool.label} was configured with another table name or schema, pass --tool-table (and --tool-schema)`,
  });
}

/** readLock reads the tool's lock table beside the history, when it has one: the refusal when a run holds it. */
export async function readLock(conn: Connection, tool: AdoptTool, found: ToolTable): Promise<string | undefined> {
  if (!tool.lock) return undefined;
  for (const name of tool.lock.tables(found.table)) {
    const rows = await tryRead(conn, { ...found, table: name }, tool.lock.columns);
    if (rows !== undefined) return tool.lock.held(rows);
  }
  return undefined;
}
