/**
 * The PostgreSQL inspector (server and PGlite): reads a database into the neutral model with one
 * catalog query per object kind for all schemas at once. See inspect-queries.ts for the SQL.
 */
import type { Connection } from '../types.js';
import type { Column, FuncDep, Realm, Schema, Sequence, Table } from '../../schema/model.js';
import { emptySchema, realm, sortedByName } from '../../schema/build.js';
import { CairnError } from '../../errors.js';
import * as Q from './inspect-queries.js';
import * as R from './inspect-rows.js';
import type { Row } from './inspect-rows.js';
import { SERIAL_TYPES, serialSequenceName } from './schema-types.js';

/** The part of a connection the inspector uses. */
export type Queryable = Pick<Connection, 'query'>;

export interface InspectOptions {
  /** Schemas to read; every user schema when undefined. */
  readonly schemas?: readonly string[];
  /** Objects the caller's filter leaves out (see InspectScope): never refused as unsupported. */
  readonly excluded?: (schema: string, name?: string) => boolean;
}

/** inspectRealm reads the schemas of a database. Runs with `search_path = ''` and `TimeZone = 'UTC'`, and restores both. */
export async function inspectRealm(conn: Queryable, opts: InspectOptions = {}): Promise<Realm> {
  const [{ path, tz }] = await conn.query<{ path: string; tz: string }>(Q.SEARCH_PATH_QUERY);
  await conn.query(Q.SET_SEARCH_PATH, ['', 'UTC']);
  try {
    return await readAll(conn, opts.schemas ? [...opts.schemas] : null, opts.excluded ?? (() => false));
  } finally {
    await conn.query(Q.SET_SEARCH_PATH, [path, tz]);
  }
}

/** defaultSchema is where unqualified names are created: the first schema of the search path that exists. */
export async function defaultSchema(conn: Queryable): Promise<string | undefined> {
  const [row] = await conn.query<{ schema: string | null }>(Q.CURRENT_SCHEMA_QUERY);
  return row?.schema ?? undefined;
}

async function readAll(conn: Queryable, schemas: string[] | null, excluded: NonNullable<InspectOptions['excluded']>): Promise<Realm> {
  const p = [schemas];
  // `name` is `table.rule` or `table.column` for what belongs to a table: the table decides.
  const unsupported = (await conn.query<{ kind: string; schema: string; name: string }>(Q.UNSUPPORTED_QUERY, p))
    .filter((u) => !excluded(u.schema, u.name.split('.')[0]));
  if (unsupported.length) {
    const list = unsupported.map((u) => `${u.kind} ${u.schema}.${u.name}`);
    throw new CairnError('SCHEMA', `the schema engine does not support: ${list.slice(0, 10).join(', ')}${list.length > 10 ? ` and ${list.length - 10} more` : ''}`, {
      details: { unsupported: list },
      hint: 'leave them out with --exclude schema.name (config `exclude`), or name the schemas to manage with --schema (config `schemas`); or manage these objects with hand-written migrations',
    });
  }
  // One connection runs one statement at a time, so these are sequential round trips.
  const rows: Record<string, Row[]> = {};
  for (const [key, sql] of Object.entries({
    schemas: Q.SCHEMAS_QUERY, tables: Q.TABLES_QUERY, columns: Q.COLUMNS_QUERY, constraints: Q.CONSTRAINTS_QUERY,
    indexes: Q.INDEXES_QUERY, triggers: Q.TRIGGERS_QUERY, views: Q.VIEWS_QUERY, enums: Q.ENUMS_QUERY,
    domains: Q.DOMAINS_QUERY, composites: Q.COMPOSITES_QUERY, sequences: Q.SEQUENCES_QUERY, functions: Q.FUNCTIONS_QUERY,
    functionDeps: Q.FUNCTION_DEPS_QUERY, policies: Q.POLICIES_QUERY, collations: Q.COLLATIONS_QUERY,
    aggregates: Q.AGGREGATES_QUERY, textSearchConfigs: Q.TEXT_SEARCH_CONFIGS_QUERY,
  })) rows[key] = await conn.query<Row>(sql, p);
  const extensions = await conn.query<Row>(Q.EXTENSIONS_QUERY);

  const byRel = <T>(list: Row[], f: (r: Row) => T): Map<string, T[]> => {
    const m = new Map<string, T[]>();
    for (const r of list) {
      const k = String(r.relid);
      if (!m.has(k)) m.set(k, []);
      m.get(k)!.push(f(r));
    }
    return m;
  };
  const indexes = byRel(rows.indexes, R.toIndex);
  const triggers = byRel(rows.triggers, R.toTrigger);
  const constraints = byRel(rows.constraints, (r) => r);
  const policies = byRel(rows.policies, R.toPolicy);
  const columnRows = byRel(rows.columns, (r) => r);
  const sequences = rows.sequences.map((r) => ({ seq: R.toSequence(r), identity: r.owner_kind === 'i' }));
  const seqByName = new Map(sequences.map((s) => [s.seq.schema + '.' + s.seq.name, s.seq]));
  const identitySeqs = new Map(rows.sequences.filter((r) => r.owner_kind === 'i').map((r) => [`${r.owner_schema}.${r.owner_table}.${r.owner_column}`, R.toSequence(r)]));
  const serialSeqs = new Set<string>();

  const tables: Table[] = rows.tables.map((t) => {
    const schema = String(t.schema);
    const name = String(t.name);
    const columns: Column[] = (columnRows.get(String(t.oid)) ?? []).map((c) => {
      const seq = c.owned_sequence ? seqByName.get(schema + '.' + String(c.owned_sequence)) : undefined;
      const serial = seq !== undefined && isSerial(seq, name, String(c.name), String(c.type));
      if (serial) serialSeqs.add(schema + '.' + seq.name);
      return R.toColumn(c, serial, identitySeqs.get(`${schema}.${name}.${String(c.name)}`));
    });
    const cons = constraints.get(String(t.oid)) ?? [];
    const pk = cons.find((c) => c.type === 'p');
    return {
      schema, name, columns,
      primaryKey: pk ? R.toPrimaryKey(pk) : undefined,
      uniques: cons.filter((c) => c.type === 'u').map(R.toUnique),
      checks: cons.filter((c) => c.type === 'c').map(R.toCheck),
      foreignKeys: cons.filter((c) => c.type === 'f').map(R.toForeignKey),
      exclusions: cons.filter((c) => c.type === 'x').map((c) => ({ name: String(c.name), def: String(c.def), comment: c.comment == null ? undefined : String(c.comment), attrs: [] })),
      indexes: indexes.get(String(t.oid)) ?? [],
      triggers: triggers.get(String(t.oid)) ?? [],
      policies: sortedByName(policies.get(String(t.oid)) ?? []),
      rowSecurity: R.toRowSecurity(t),
      ...R.toPartitioning(t),
      ...R.toInherits(t),
      comment: t.comment == null ? undefined : String(t.comment),
      attrs: [...(t.unlogged ? [{ kind: 'pg.unlogged' }] : []), ...R.withOptions(t.options), ...R.replicaIdentity(t)],
    };
  });

  const schemaMap = new Map<string, Schema>();
  for (const s of rows.schemas) schemaMap.set(String(s.name), { ...emptySchema(String(s.name)), comment: s.comment == null ? undefined : String(s.comment) });
  const add = <K extends 'tables' | 'views' | 'enums' | 'domains' | 'composites' | 'sequences' | 'functions' | 'collations' | 'aggregates' | 'textSearchConfigs'>(key: K, item: Schema[K][number] & { schema: string }) => {
    const s = schemaMap.get(item.schema);
    if (s) schemaMap.set(item.schema, { ...s, [key]: [...s[key], item] });
  };
  tables.forEach((t) => add('tables', t));
  rows.views.forEach((v) => add('views', R.toView(v, indexes.get(String(v.oid)) ?? [], triggers.get(String(v.oid)) ?? [])));
  rows.enums.forEach((e) => add('enums', R.toEnum(e)));
  rows.domains.forEach((d) => add('domains', R.toDomain(d)));
  rows.composites.forEach((c) => add('composites', R.toComposite(c)));
  rows.collations.forEach((c) => add('collations', R.toCollation(c)));
  rows.aggregates.forEach((a) => add('aggregates', R.toAggregate(a)));
  rows.textSearchConfigs.forEach((c) => add('textSearchConfigs', R.toTextSearchConfig(c)));
  sequences.filter((s) => !s.identity && !serialSeqs.has(s.seq.schema + '.' + s.seq.name)).forEach((s) => add('sequences', s.seq));
  const deps = new Map<string, FuncDep[]>();
  for (const d of rows.functionDeps) {
    if (d.dep == null) continue;
    const k = `${d.schema}.${d.name}(${d.args})`;
    deps.set(k, [...(deps.get(k) ?? []), JSON.parse(String(d.dep)) as FuncDep]);
  }
  rows.functions.forEach((f) => add('functions', R.toFunc(f, deps.get(`${f.schema}.${f.name}(${f.args})`) ?? [])));

  const exts = extensions
    .filter((e) => !schemas || schemas.includes(String(e.schema)))
    .map((e) => ({ name: String(e.name), schema: String(e.schema), version: String(e.version) }));
  return realm([...schemaMap.values()], exts);
}

/**
 * isSerial says whether a sequence is exactly what `serial` would have created for the column,
 * so that the column can be modelled (and re-created) as `serial` instead of a sequence + default.
 */
function isSerial(seq: Sequence, table: string, column: string, type: string): boolean {
  const t = SERIAL_TYPES[type];
  const name = serialSequenceName(table, column);
  return t !== undefined && seq.type === type && seq.name === name && Buffer.byteLength(name) <= 63 &&
    seq.start === '1' && seq.increment === '1' && seq.min === '1' && seq.max === t.max && seq.cache === '1' && !seq.cycle &&
    seq.comment === undefined;
}

