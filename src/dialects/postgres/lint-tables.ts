/**
 * Which tables a statement touches, and whether they are "existing": present before the
 * statement and not created by the change under review. Only an existing table can hold rows
 * and serve traffic, so only there does a lock or a scan hurt; every lock rule asks this first.
 */
import type { StatementPass } from '../../lint/types.js';
import type { Index, ObjectRef, Realm, Table } from '../../schema/model.js';
import type { QualifiedName } from './lint-sql.js';

/** tableKey is the `schema.name` key `StatementPass.newTables` uses. */
export function tableKey(ref: ObjectRef): string {
  return `${ref.schema}.${ref.name}`;
}

/** findTable finds a table (not a view) of a realm by schema and name. */
export function findTable(realm: Realm, ref: ObjectRef): Table | undefined {
  return realm.schemas.find((s) => s.name === ref.schema)?.tables.find((t) => t.name === ref.name);
}

/**
 * resolveTable finds the table a name in a statement means. An unqualified name is looked up
 * as the default search path would: `public` first, then the one schema that has it (a
 * migration that sets its own search_path usually has a single schema of that name anyway).
 */
export function resolveTable(realm: Realm, q: QualifiedName): Table | undefined {
  if (q.schema !== undefined) return findTable(realm, { schema: q.schema, name: q.name });
  const found = realm.schemas.flatMap((s) => s.tables.filter((t) => t.name === q.name));
  return found.find((t) => t.schema === 'public') ?? (found.length === 1 ? found[0] : undefined);
}

/** resolveIndex finds the table an index (named as in a statement) belongs to, and the index. */
export function resolveIndex(realm: Realm, q: QualifiedName): { table: Table; index: Index } | undefined {
  const hits = realm.schemas
    .filter((s) => q.schema === undefined || s.name === q.schema)
    .flatMap((s) => s.tables.flatMap((table) => table.indexes.filter((i) => i.name === q.name).map((index) => ({ table, index }))));
  return hits.find((h) => h.table.schema === 'public') ?? (hits.length === 1 ? hits[0] : undefined);
}

/**
 * isExisting says whether a table was there before the statement and was not created by the
 * files under review: it may hold rows and serve the deployed application.
 *
 * `newTables` is as it stands after the statement, so a new table the statement renames is
 * there under its new name, and one it drops is gone. A file rule passes `newBefore`, the
 * previous statement's set, which answers exactly; without it a dropped table counts as new
 * when the deployed schema has no table of its name.
 */
export function isExisting(p: StatementPass, ref: ObjectRef, newBefore?: ReadonlySet<string>): boolean {
  const key = tableKey(ref);
  if (findTable(p.before, ref) === undefined) return false;
  if (newBefore !== undefined) return !newBefore.has(key);
  if (p.newTables.has(key)) return false;
  for (const ch of p.changes) {
    if (ch.kind === 'RenameTable' && tableKey(ch.from) === key) return !p.newTables.has(tableKey(ch.to));
    if (ch.kind === 'DropTable' && tableKey(ch.table) === key) return findTable(p.deployed, ref) !== undefined;
  }
  return true;
}

/** A table's name for messages: unqualified in `public`, else `schema.name`. */
export function displayName(ref: ObjectRef): string {
  return ref.schema === 'public' ? ref.name : `${ref.schema}.${ref.name}`;
}
