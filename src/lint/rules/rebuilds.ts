/**
 * Table rebuilds written out in a migration: SQLite can change little with ALTER TABLE, so its
 * tools (Drizzle, Prisma, Cairn itself, the SQLite manual's twelve steps) replace a table by a
 * copy instead, and people do the same by hand on other databases:
 *
 *   CREATE TABLE __new_users (…);  INSERT INTO __new_users SELECT … FROM users;
 *   DROP TABLE users;               ALTER TABLE __new_users RENAME TO users;
 *
 * or, the older way, RENAME users TO users_old; CREATE TABLE users (…); INSERT INTO users SELECT
 * … FROM users_old; DROP TABLE users_old. Statement by statement this reads as a dropped table
 * (with all its rows) and a new, empty one; in fact the rows move over. A rebuild is: a table
 * the deployed version has goes away (dropped or renamed away) and comes back under its name in
 * the same file, with an INSERT … SELECT (or CREATE TABLE … AS SELECT) copying rows between it
 * and another table. The rules then judge the rebuild by its net effect, old table against the
 * table at the end of the file (a NOT NULL it adds, a column it leaves out), reported at the
 * statement that copies the rows, instead of the drop and create it is made of.
 */
import type { Change } from '../../diff/changes.js';
import { diffRealms } from '../../diff/diff.js';
import type { DiffHooks } from '../../diff/hooks.js';
import { emptySchema, realm } from '../../schema/build.js';
import type { ObjectRef, Table } from '../../schema/model.js';
import type { FilePass } from '../types.js';
import { refKey, tableIn } from './model-facts.js';
import { bareColumn, copyColumnsOf, copyOf, createAsSelectOf, mentions, sameName } from './sql-text.js';

export interface Rebuild {
  /** The table as the deployed version knows it (and as it is called again afterwards). */
  readonly table: ObjectRef;
  /** The other table of the copy: the new copy, or the old table renamed away. */
  readonly temporary: ObjectRef;
  /** The first statement of the rebuild, from which the table's own changes belong to it. */
  readonly start: number;
  /** The statement where the old table goes (DROP TABLE, or the rename away). */
  readonly gone: number;
  /**
   * The statement copying the rows, where findings about the rebuild are reported: a NOT NULL or
   * UNIQUE the new table adds fails there, and a column the copy leaves out is lost there.
   */
  readonly anchor: number;
  readonly old: Table;
  /** The table at the end of the file. */
  readonly rebuilt: Table;
  /**
   * The net changes, old → rebuilt. A column the copy fills from an old column of another name
   * (`INSERT INTO new (user_id) SELECT userId …`) is a rename, not a drop and an add.
   */
  readonly changes: readonly Change[];
  /** Columns of the new table the copy gives a value (anything but NULL): they hold data at once. */
  readonly filled: ReadonlySet<string>;
  /** Columns of the old table the copy reads: their values live on in the new table. */
  readonly read: ReadonlySet<string>;
}

const sameRef = (a: ObjectRef, b: ObjectRef) => a.schema === b.schema && a.name === b.name;

/**
 * Hooks for diffing one table against another version of itself: no renames are involved, so
 * no deparsed text is rewritten and the identifier rules are never consulted.
 */
const TABLE_ONLY_HOOKS: DiffHooks = {
  identifiers: { quoteChar: '"', fold: (s) => s, quote: (s) => (/^[A-Za-z_][A-Za-z0-9_]*$/.test(s) ? s : `"${s.replace(/"/g, '""')}"`) },
  renamedDefinition: (_kind, def) => def,
};

function netChanges(old: Table, rebuilt: Table, renames: readonly { from: string; to: string }[]): Change[] {
  const side = (t: Table) => realm([{ ...emptySchema(t.schema), tables: [t] }]);
  const hints = renames.map((r) => ({ schema: rebuilt.schema, table: rebuilt.name, from: r.from, to: r.to }));
  return diffRealms(side(old), side(rebuilt), { hooks: TABLE_ONLY_HOOKS, allowDrop: true, renames: hints });
}

/** What the copy does column by column: renames (an old column into a new one of another name), the columns it fills and reads. */
function copyMapping(copyText: string, into: Table | undefined, old: Table, rebuilt: Table): { renames: { from: string; to: string }[]; filled: Set<string>; read: Set<string> } {
  const out = { renames: [] as { from: string; to: string }[], filled: new Set<string>(), read: new Set<string>() };
  const cp = copyColumnsOf(copyText);
  if (!cp) {
    // INSERT … SELECT * (or a shape not read): every column of the same name is copied.
    for (const c of rebuilt.columns) if (old.columns.some((o) => o.name === c.name)) { out.filled.add(c.name); out.read.add(c.name); }
    return out;
  }
  const targets = cp.targets ?? into?.columns.map((c) => c.name) ?? [];
  cp.sources.forEach((expr, i) => {
    const target = targets[i];
    if (target === undefined) return;
    if (!/^null$/i.test(expr.trim())) out.filled.add(target);
    for (const o of old.columns) if (mentions(expr, o.name)) out.read.add(o.name);
    const from = bareColumn(expr);
    const source = from === undefined ? undefined : old.columns.find((o) => sameName(o.name, from));
    const kept = rebuilt.columns.some((c) => source !== undefined && c.name === source.name);
    if (source && !sameName(source.name, target) && !kept && rebuilt.columns.some((c) => c.name === target) && !old.columns.some((o) => o.name === target)) {
      out.renames.push({ from: source.name, to: target });
    }
  });
  return out;
}

const CACHE = new WeakMap<FilePass, readonly Rebuild[]>();

/** rebuildsOf finds the rebuilds in a file (computed once per file pass). */
export function rebuildsOf(fp: FilePass): readonly Rebuild[] {
  let found = CACHE.get(fp);
  if (!found) CACHE.set(fp, (found = Object.freeze(detect(fp))));
  return found;
}

/** underRebuild: at statement `index`, `ref` is a table being rebuilt (or its temporary copy): its own changes are the rebuild's. */
export function underRebuild(fp: FilePass, index: number, ref: ObjectRef): boolean {
  return rebuildsOf(fp).some((r) => index >= r.start && (sameRef(ref, r.table) || sameRef(ref, r.temporary)));
}

function detect(fp: FilePass): Rebuild[] {
  const out: Rebuild[] = [];
  const passes = fp.statements;
  const last = passes[passes.length - 1];
  if (!last) return out;
  for (const p of passes) {
    for (const c of p.changes) {
      const gone = c.kind === 'DropTable' ? c.table : c.kind === 'RenameTable' ? c.from : undefined;
      if (!gone || tableIn(p.deployed, gone) === undefined || out.some((r) => sameRef(r.table, gone))) continue;
      const back = passes.find((q) => q.index > p.index && q.changes.some((x) => (x.kind === 'AddTable' && sameRef(x.table, gone)) || (x.kind === 'RenameTable' && sameRef(x.to, gone))));
      const old = tableIn(p.before, gone);
      const rebuilt = tableIn(last.after, gone);
      if (!back || !old || !rebuilt) continue;
      const copy = passes.find((q) => {
        const cp = copyOf(q.statement.text) ?? createAsSelectOf(q.statement.text);
        return cp !== undefined && !sameName(cp.into, cp.from) && (sameName(cp.into, gone.name) || sameName(cp.from, gone.name));
      });
      if (!copy) continue;
      const cp = (copyOf(copy.statement.text) ?? createAsSelectOf(copy.statement.text))!;
      const temporary = { schema: gone.schema, name: sameName(cp.into, gone.name) ? cp.from : cp.into };
      const created = passes.find((q) => q.changes.some((x) => x.kind === 'AddTable' && sameName(x.table.name, temporary.name) && x.table.schema === gone.schema));
      const tempRef = created?.changes.flatMap((x) => (x.kind === 'AddTable' && sameName(x.table.name, temporary.name) ? [{ schema: x.table.schema, name: x.table.name }] : []))[0] ?? temporary;
      const intoName = sameName(cp.into, gone.name) ? gone.name : tempRef.name;
      const into = copy.before.schemas.find((x) => x.name === gone.schema)?.tables.find((t) => sameName(t.name, intoName));
      const mapping = copyMapping(copy.statement.text, into, old, rebuilt);
      out.push({
        table: { schema: gone.schema, name: gone.name },
        temporary: c.kind === 'RenameTable' ? { schema: c.to.schema, name: c.to.name } : tempRef,
        start: Math.min(p.index, copy.index, created?.index ?? Infinity),
        gone: p.index,
        anchor: copy.index,
        old,
        rebuilt,
        changes: Object.freeze(netChanges(old, rebuilt, mapping.renames)),
        filled: mapping.filled,
        read: mapping.read,
      });
    }
  }
  return out;
}

/** The key of a rebuilt table, for rules that keep sets of tables. */
export const rebuildKey = (r: Rebuild): string => refKey(r.table);
