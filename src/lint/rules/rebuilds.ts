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
 * statement where the old table goes, instead of the drop and create it is made of.
 */
import type { Change } from '../../diff/changes.js';
import { diffRealms } from '../../diff/diff.js';
import type { DiffHooks } from '../../diff/hooks.js';
import { emptySchema, realm } from '../../schema/build.js';
import type { ObjectRef, Table } from '../../schema/model.js';
import type { FilePass } from '../types.js';
import { isNewTable, refKey, tableIn } from './model-facts.js';
import { copyOf, createAsSelectOf, sameName } from './sql-text.js';

export interface Rebuild {
  /** The table as the deployed version knows it (and as it is called again afterwards). */
  readonly table: ObjectRef;
  /** The other table of the copy: the new copy, or the old table renamed away. */
  readonly temporary: ObjectRef;
  /** The first statement of the rebuild, from which the table's own changes belong to it. */
  readonly start: number;
  /** The statement where the old table goes (DROP TABLE, or the rename away): where findings are reported. */
  readonly anchor: number;
  /** The statement copying the rows. */
  readonly copy: number;
  readonly old: Table;
  /** The table at the end of the file. */
  readonly rebuilt: Table;
  /** The net changes, old → rebuilt. */
  readonly changes: readonly Change[];
}

const sameRef = (a: ObjectRef, b: ObjectRef) => a.schema === b.schema && a.name === b.name;

/**
 * Hooks for diffing one table against another version of itself: no renames are involved, so
 * no deparsed text is rewritten and the identifier rules are never consulted.
 */
const TABLE_ONLY_HOOKS: DiffHooks = {
  identifiers: { quoteChar: '"', fold: (s) => s, quote: (s) => s },
  renamedDefinition: (_kind, def) => def,
};

function netChanges(old: Table, rebuilt: Table): Change[] {
  const side = (t: Table) => realm([{ ...emptySchema(t.schema), tables: [t] }]);
  return diffRealms(side(old), side(rebuilt), { hooks: TABLE_ONLY_HOOKS, allowDrop: true });
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
      if (!gone || isNewTable(p, gone) || out.some((r) => sameRef(r.table, gone))) continue;
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
      out.push({
        table: { schema: gone.schema, name: gone.name },
        temporary: c.kind === 'RenameTable' ? { schema: c.to.schema, name: c.to.name } : tempRef,
        start: Math.min(p.index, copy.index, created?.index ?? Infinity),
        anchor: p.index,
        copy: copy.index,
        old,
        rebuilt,
        changes: Object.freeze(netChanges(old, rebuilt)),
      });
    }
  }
  return out;
}

/** The key of a rebuilt table, for rules that keep sets of tables. */
export const rebuildKey = (r: Rebuild): string => refKey(r.table);
