/**
 * PG105, PG107: column changes that rewrite an existing table. A rewrite copies every row into
 * a new file and rebuilds every index while holding ACCESS EXCLUSIVE: nothing reads or writes
 * the table until it is done, and it needs the table's size again in free disk space.
 */
import type { Change } from '../../diff/changes.js';
import type { Finding, LintRule } from '../../lint/types.js';
import type { Column } from '../../schema/model.js';
import { hasAttr } from './schema-types.js';
import { displayName, isExisting } from './lint-tables.js';
import { typeChangeNote, typeChangeRewrites } from './lint-type-change.js';
import { volatileCall } from './lint-volatile.js';
import { parseAlterTable, typeChangedColumns } from './lint-alter-table.js';
import { statementTokens } from './lint-sql.js';
import type { Realm } from '../../schema/model.js';

/** byTable groups items by their table, in first-seen order: one rewrite per table, one finding. */
function byTable<T extends { readonly table: { readonly schema: string; readonly name: string } }>(items: readonly T[]): T[][] {
  const groups = new Map<string, T[]>();
  for (const x of items) {
    const k = `${x.table.schema}.${x.table.name}`;
    groups.set(k, [...(groups.get(k) ?? []), x]);
  }
  return [...groups.values()];
}

type ModifyColumn = Extract<Change, { kind: 'ModifyColumn' }>;

export const PG105: LintRule = {
  code: 'PG105',
  family: 'locking',
  severity: 'warning',
  summary: 'ALTER COLUMN TYPE that rewrites an existing table under ACCESS EXCLUSIVE',
  checkStatement(p) {
    // Only what an ALTER COLUMN … TYPE converts: a column dropped and added back is new, not rewritten.
    const alter = parseAlterTable(statementTokens(p.statement));
    const typed = alter !== undefined ? typeChangedColumns(alter) : new Set<string>();
    const rewriting = p.changes.filter((ch): ch is ModifyColumn => ch.kind === 'ModifyColumn' && ch.kinds.includes('type') && typed.has(ch.to.name) &&
      isExisting(p, ch.table) && typeChangeRewrites(ch.from.type.sql, ch.to.type.sql));
    return byTable(rewriting).map((group): Finding => {
      const t = displayName(group[0].table);
      const what = group.map((ch) => `${t}.${ch.to.name} from ${ch.from.type.sql} to ${ch.to.type.sql}${typeChangeNote(ch.from.type.sql, ch.to.type.sql)}`).join(', ');
      const types = [...new Set(group.map((ch) => ch.to.type.sql))].join(' / ');
      return {
        message: `changes ${what}: PostgreSQL rewrites the whole table and rebuilds its indexes while holding an ACCESS EXCLUSIVE lock, so every read and write of ${t} waits until it is done`,
        fix: `add a new column of type ${types}, backfill it in batches while the application writes both, switch reads to it, then drop the old column in a later migration`,
      };
    });
  },
};

/** Why adding this column rewrites the table, or undefined when it is a catalog-only change. */
export function rewriteReason(c: Column, schema: Realm, major: number | undefined): string | undefined {
  if (hasAttr(c.attrs, 'pg.identity')) return 'an identity column gets a sequence value in every existing row';
  if (hasAttr(c.attrs, 'pg.serial')) return 'a serial column gets a sequence value (nextval) in every existing row';
  if (c.generated !== undefined && !hasAttr(c.attrs, 'pg.virtual')) return 'a stored generated column is computed for every existing row';
  if (c.default === undefined) return undefined;
  const fn = volatileCall(c.default, schema);
  if (fn !== undefined) return `its default calls the volatile function ${fn}(), which must run once for every existing row`;
  if (major !== undefined && major < 11) return `before PostgreSQL 11 every default (here ${c.default}) is written into every existing row`;
  return undefined;
}

/** The safe way to get the column PG107 flags: add it plain, give new rows their value, backfill the rest. */
function rewriteFix(c: Column, t: string): string {
  if (c.generated !== undefined) return `add a plain nullable column, fill it in batches and keep it current with a trigger or the application, instead of a stored generated column`;
  if (hasAttr(c.attrs, 'pg.identity') || hasAttr(c.attrs, 'pg.serial')) {
    return `add a plain nullable column, create a sequence and ALTER TABLE ${t} ALTER COLUMN ${c.name} SET DEFAULT nextval(…) in a second statement (only new rows get it), then backfill existing rows in batches`;
  }
  return `add the column without that default (nullable, or with a constant default), then ALTER TABLE ${t} ALTER COLUMN ${c.name} SET DEFAULT ${c.default ?? '…'} in a second statement (only new rows get it) and backfill existing rows in batches`;
}

type AddColumn = Extract<Change, { kind: 'AddColumn' }>;

export const PG107: LintRule = {
  code: 'PG107',
  family: 'locking',
  severity: 'warning',
  summary: 'column added to an existing table with a volatile default (or identity, serial, stored generated): rewrites the table',
  checkStatement(p) {
    const major = p.file.server?.major;
    const rewriting = p.changes.filter((ch): ch is AddColumn => ch.kind === 'AddColumn' && isExisting(p, ch.table) && rewriteReason(ch.column, p.after, major) !== undefined);
    return byTable(rewriting).map((group): Finding => {
      const t = displayName(group[0].table);
      const why = group.map((ch) => `${ch.column.name}: ${rewriteReason(ch.column, p.after, major)}`).join('; ');
      return {
        message: `adds ${group.map((ch) => `${t}.${ch.column.name}`).join(', ')} and rewrites the whole table under an ACCESS EXCLUSIVE lock (${why}), so every read and write of ${t} waits until the copy is done`,
        fix: group.map((ch) => rewriteFix(ch.column, t)).filter((f, i, all) => all.indexOf(f) === i).join('; '),
      };
    });
  },
};
