/**
 * Safety rules of the differ: renames never become a silent drop + add. A dropped column (or
 * table) paired with a similar added one looks like a rename the user forgot to declare; any
 * other drop of data needs an explicit allow. Both stop the diff with CairnError UNSAFE_CHANGE
 * naming the exact flag to pass.
 */
import { CairnError } from '../errors.js';
import type { Column, Table } from '../schema/model.js';
import type { Change } from './changes.js';
import { formatRename } from './renames.js';
import { same } from './compare.js';

/** checkSafety throws UNSAFE_CHANGE for drops that are not allowed. */
export function checkSafety(changes: readonly Change[], allowDrop: boolean, soleSchema?: string): void {
  if (allowDrop) return;
  // In a database without schemas, names and hints leave the one schema out (`users.name`).
  const named = (schema: string, ...rest: string[]) => [...(schema === soleSchema ? [] : [schema]), ...rest].join('.');
  const hint = (h: { schema: string; table?: string; from: string; to: string }) => (h.schema === soleSchema ? formatRename(h).slice(h.schema.length + 1) : formatRename(h));
  // A suspected rename is named before any plain drop: it is the likelier mistake.
  const suspects = changes.filter((c) => twinOf(changes, c) !== undefined);
  for (const c of [...suspects, ...changes.filter((x) => !suspects.includes(x))]) {
    const twin = twinOf(changes, c);
    if (c.kind === 'DropColumn') {
      const what = `column ${named(c.table.schema, c.table.name, c.column.name)}`;
      if (twin?.kind === 'AddColumn') throw renameSuspected(what, named(c.table.schema, c.table.name, twin.column.name), hint({ schema: c.table.schema, table: c.table.name, from: c.column.name, to: twin.column.name }));
      throw dropNotAllowed(what);
    }
    if (c.kind === 'DropTable') {
      const what = `table ${named(c.table.schema, c.table.name)}`;
      if (twin?.kind === 'AddTable') throw renameSuspected(what, named(twin.table.schema, twin.table.name), hint({ schema: c.table.schema, from: c.table.name, to: twin.table.name }));
      throw dropNotAllowed(what);
    }
    if (c.kind === 'DropSchema' && (c.schema.tables.length > 0)) throw dropNotAllowed(`schema ${c.schema.name}`);
  }
}

/** twinOf finds the added column (same table, same type) or table (similar columns) a drop may really be a rename to. */
function twinOf(changes: readonly Change[], c: Change): Change | undefined {
  if (c.kind === 'DropColumn') {
    return changes.find((a) => a.kind === 'AddColumn' && a.table.schema === c.table.schema && a.table.name === c.table.name && sameType(a.column, c.column));
  }
  if (c.kind === 'DropTable') return changes.find((a) => a.kind === 'AddTable' && a.table.schema === c.table.schema && similarTables(a.table, c.table));
  return undefined;
}

const sameType = (a: Column, b: Column) => a.type.sql === b.type.sql;

/**
 * similarTables: at least half of the columns (by name and type) of the larger table match;
 * partitions (which have no columns of their own) match when they take the same rows.
 */
function similarTables(a: Table, b: Table): boolean {
  if (a.partitionOf || b.partitionOf) return same(a.partitionOf, b.partitionOf);
  const key = (c: Column) => `${c.name}:${c.type.sql}`;
  const bs = new Set(b.columns.map(key));
  const common = a.columns.filter((c) => bs.has(key(c))).length;
  return common > 0 && common * 2 >= Math.max(a.columns.length, b.columns.length);
}

function renameSuspected(dropped: string, added: string, rename: string): CairnError {
  return new CairnError('UNSAFE_CHANGE', `${dropped} would be dropped and ${added} added: if this is a rename, pass --rename ${rename}; to drop and re-create it (losing its data), pass --allow-drop`, {
    details: { dropped, added, rename, flags: [`--rename ${rename}`, '--allow-drop'] },
    hint: `--rename ${rename}`,
  });
}

function dropNotAllowed(what: string): CairnError {
  return new CairnError('UNSAFE_CHANGE', `${what} would be dropped, losing its data: pass --allow-drop to allow it`, {
    details: { dropped: what, flags: ['--allow-drop'] },
    hint: '--allow-drop',
  });
}
