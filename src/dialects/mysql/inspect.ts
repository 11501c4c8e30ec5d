/**
 * The MySQL/MariaDB inspector: reads the connection's database (`DATABASE()`) from
 * information_schema into the model. The realm has one schema, named `main` whatever the
 * database is called (SchemaEngine.soleSchema), so a scratch database and the target compare
 * by content; the database's own name is stripped from view definitions for the same reason.
 * The server that read it is recorded on that schema (`mysql.server`): the planner takes its
 * capabilities from there. See inspect-normalize.ts for how the two families' reports are
 * brought to one spelling.
 */
import type { CatalogReader, InspectScope } from '../../engine/types.js';
import type { Realm, Table } from '../../schema/model.js';
import { emptySchema, realm } from '../../schema/build.js';
import { CairnError } from '../../errors.js';
import { capabilitiesOf, parseServerVersion, type MysqlCapabilities } from './capabilities.js';
import { attrList, type SchemaWithAttrs } from './attrs.js';
import { COLUMNS, FOREIGN_KEYS, SERVER, TABLES, TRIGGERS, checksQuery, indexesQuery, showCreateTable, viewsQuery } from './inspect-queries.js';
import { quoteIdent } from './sql-text.js';
import {
  SOLE_SCHEMA, buildTable, buildView, type CheckRow, type ColumnChecks, type ColumnRow, type FkRow, type IndexRow, type ServerRow, type TableContext, type TableRow,
  type TriggerRow, type ViewRow,
} from './inspect-rows.js';

export { SOLE_SCHEMA };

type Q = CatalogReader;

/** The server behind a connection and its capabilities (also what `cairn diff` compares versions by). */
export async function serverOf(conn: Q): Promise<{ row: ServerRow; caps: MysqlCapabilities }> {
  const [row] = await conn.query<ServerRow>(SERVER);
  if (!row || !row.db) {
    throw new CairnError('SCHEMA', 'the MySQL/MariaDB URL names no database: the schema engine reads one database', {
      hint: 'add the database to the URL: mysql://user@host:3306/<database>',
    });
  }
  return { row, caps: capabilitiesOf(parseServerVersion(String(row.version))) };
}

/** inspectRealm reads the connection's database into a one-schema realm. */
export async function inspectRealm(conn: Q, scope: InspectScope = {}): Promise<Realm> {
  const { row: server, caps } = await serverOf(conn);
  const db = server.db!;
  const skip = (name: string) => Boolean(scope.excluded?.(SOLE_SCHEMA, name) || scope.excluded?.(db, name));
  const tableRows = (await conn.query<TableRow>(TABLES)).filter((t) => !skip(t.name));
  for (const t of tableRows) refuseUnsupported(t);
  const kept = new Set(tableRows.map((t) => t.name));
  const mine = <R extends { tbl: string }>(rows: R[]) => rows.filter((r) => kept.has(r.tbl));
  const columns = mine(await conn.query<ColumnRow>(COLUMNS));
  const indexes = mine(await conn.query<IndexRow>(indexesQuery(caps)));
  const fks = mine(await conn.query<FkRow>(FOREIGN_KEYS));
  const checkSql = checksQuery(caps);
  const checks = checkSql ? mine(await conn.query<CheckRow>(checkSql)) : [];
  const views = (await conn.query<ViewRow>(viewsQuery(caps))).filter((v) => kept.has(v.name));
  const triggers = mine(await conn.query<TriggerRow>(TRIGGERS));

  const ctx: TableContext = { db, caps, defaultEngine: server.engine, defaultCollation: server.collation ?? undefined };
  const columnChecks = await placeColumnChecks(conn, checks.filter((c) => c.level === 'Column'), columns);
  const [byCol, byIdx, byFk, byCheck, byTrg] = [byTable(columns), byTable(indexes), byTable(fks), byTable(checks.filter((c) => c.level !== 'Column')), byTable(triggers)];
  const tables: Table[] = tableRows.filter((r) => r.type !== 'VIEW').map((t) =>
    buildTable(t, byCol(t.name), byIdx(t.name), byFk(t.name), byCheck(t.name), byTrg(t.name), columnChecks.get(t.name) ?? new Map(), ctx));
  const relations = new Set(tableRows.map((t) => t.name));
  const schema: SchemaWithAttrs = {
    ...emptySchema(SOLE_SCHEMA),
    tables,
    views: views.map((v) => buildView(v, db, relations)),
    attrs: attrList(
      { kind: 'mysql.server', flavor: caps.server.flavor, version: caps.server.version.join('.') },
      server.collation !== null && { kind: 'mysql.database', collation: server.collation, engine: server.engine },
    ),
  };
  return realm([schema]);
}

/** Objects the model cannot hold yet are refused by name (unless excluded), never silently dropped. */
function refuseUnsupported(t: TableRow): void {
  const what = t.type === 'SEQUENCE' ? 'sequence' : t.type === 'SYSTEM VERSIONED' ? 'system-versioned table' : /partitioned/i.test(t.options ?? '') ? 'partitioned table' : undefined;
  if (!what) return;
  throw new CairnError('SCHEMA', `${what} ${t.name} is not supported by the MySQL/MariaDB schema engine yet`, {
    details: { object: t.name },
    hint: `leave it out with --exclude '*.${t.name}'`,
  });
}

/**
 * placeColumnChecks finds the column of each MariaDB column-level check. Its catalog name is the
 * column's name when the check was made and goes stale when the column is renamed, so the column
 * is found in SHOW CREATE TABLE, whose column line ends with the check. The `json_valid` check
 * MariaDB adds to a json column (a longtext alias) marks the column as json.
 */
async function placeColumnChecks(conn: Q, checks: CheckRow[], columns: ColumnRow[]): Promise<ColumnChecks> {
  const out: ColumnChecks = new Map();
  const put = (tbl: string, col: string, v: string | 'json') => out.set(tbl, (out.get(tbl) ?? new Map()).set(col, v));
  const rest: CheckRow[] = [];
  for (const c of checks) {
    const json = /^json_valid\(`((?:[^`]|``)+)`\)$/.exec(c.clause.trim());
    const col = json && columns.find((x) => x.tbl === c.tbl && x.name === json[1].replace(/``/g, '`'));
    if (col && col.dataType === 'longtext' && /_bin$/.test(col.collation ?? '')) put(c.tbl, col.name, 'json');
    else rest.push(c);
  }
  for (const tbl of [...new Set(rest.map((c) => c.tbl))]) {
    const [row] = await conn.query<Record<string, string>>(showCreateTable(quoteIdent(tbl)));
    const lines = String(row?.['Create Table'] ?? '').split('\n').filter((l) => /^\s+`/.test(l));
    const taken = new Set<string>();
    for (const c of rest.filter((x) => x.tbl === tbl)) {
      const owner = (l: string) => /^\s+`((?:[^`]|``)+)`/.exec(l)![1].replace(/``/g, '`');
      const candidates = lines.filter((l) => l.includes(` CHECK (${c.clause})`)).map(owner).filter((n) => !taken.has(n));
      const name = candidates.includes(c.name) ? c.name : candidates[0];
      if (name === undefined) continue;
      taken.add(name);
      put(tbl, name, c.clause);
    }
  }
  return out;
}


/** byTable groups rows by table once (a thousand tables are looked up a thousand times). */
function byTable<R extends { tbl: string }>(rows: readonly R[]): (table: string) => R[] {
  const m = new Map<string, R[]>();
  for (const r of rows) (m.get(r.tbl) ?? m.set(r.tbl, []).get(r.tbl)!).push(r);
  return (table) => m.get(table) ?? [];
}
