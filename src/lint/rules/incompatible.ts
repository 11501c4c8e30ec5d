/**
 * Backward-incompatible changes (BC1xx, Atlas's codes for renames): the founding rule is that
 * while older application versions still run, a migration only extends the schema. A rename, a
 * type change or a removal breaks the version deployed right now for as long as it runs beside
 * the new one (a rolling deploy, a rollback, a worker that restarts late).
 *
 * Overlap with the destructive codes is settled this way: a drop that loses data is DS (DS102,
 * DS103, DS104...) and only DS; BC104 covers a removal that loses nothing and so is not DS, yet
 * breaks the deployed version: a VIRTUAL generated column, a column whose values the same file
 * copied into another one, a table whose rows it copied into other tables. A type change that can fail on data
 * is MF105 as well as BC103 (two reasons: the migration can fail; the deployed code reads
 * another type); a pure widening (`varchar(20)` → `varchar(50)`, `int` → `bigint`) is neither,
 * and a narrowing only MF105. Renames that keep the old name working (a view under the old
 * table name, the old column added back) are not reported.
 */
import type { Finding } from '../types.js';
import { changeRule, existingColumn, later, quoteList, rowsMovedTo, valuesMoved } from './context.js';
import { deployedColumn, enumValuesOf, isNewTable, isVirtual, label, wasNewTable } from './model-facts.js';
import { classifyTypeChange } from './type-change.js';

export const BC101 = changeRule(
  { code: 'BC101', family: 'backward-incompatible', severity: 'warning', summary: 'Table renamed while the deployed version uses the old name' },
  (s) =>
    s.changes.flatMap((c): Finding[] => {
      if (c.kind !== 'RenameTable' || wasNewTable(s.file, s.index, c.from)) return [];
      const keptByView = later(s).some((p) => p.changes.some((x) => x.kind === 'AddView' && x.view.schema === c.from.schema && x.view.name === c.from.name));
      if (keptByView) return [];
      const [from, to] = [label(s.pass.before, c.from), label(s.pass.after, c.to)];
      return [{
        message: `renames table ${from} to ${to}: the deployed version's queries on ${from} fail from this statement until every instance runs the new version`,
        fix: `keep the old name working while older versions run: in the same migration, create a view under the old name (CREATE VIEW ${c.from.name} AS SELECT * FROM ${c.to.name}) and drop it in a later release; or create ${c.to.name} as a new table, copy the rows, and drop ${c.from.name} once nothing reads it`,
      }];
    }),
);

export const BC102 = changeRule(
  { code: 'BC102', family: 'backward-incompatible', severity: 'warning', summary: 'Column renamed while the deployed version uses the old name' },
  (s) =>
    s.changes.flatMap((c): Finding[] => {
      if (c.kind !== 'RenameColumn' || isNewTable(s.pass, c.table) || !deployedColumn(s.pass, c.table, c.from.name)) return [];
      const addedBack = [s.pass, ...later(s)].some((p) => p.changes.some((x) => x.kind === 'AddColumn' && x.table.schema === c.table.schema && x.table.name === c.table.name && x.column.name === c.from.name));
      if (addedBack) return [];
      const [from, to] = [label(s.pass.before, c.table, c.from.name), label(s.pass.after, c.table, c.to.name)];
      return [{
        message: `renames column ${from} to ${c.to.name}: the deployed version's queries that name ${c.from.name} fail from this statement until every instance runs the new version`,
        fix: `add ${to} as a new column instead (ALTER TABLE ${c.table.name} ADD COLUMN ${c.to.name} ${c.to.type.sql}), copy the values (UPDATE ${c.table.name} SET ${c.to.name} = ${c.from.name}), have the application write both, and drop ${c.from.name} in a later release`,
      }];
    }),
);

export const BC103 = changeRule(
  { code: 'BC103', family: 'backward-incompatible', severity: 'warning', summary: 'Column type changed under the deployed version' },
  (s) =>
    s.changes.flatMap((c): Finding[] => {
      if (c.kind !== 'ModifyColumn' || !c.kinds.includes('type') || isNewTable(s.pass, c.table)) return [];
      if (!existingColumn(s, c.table, c.from.name)) return [];
      const verdict = classifyTypeChange({ sql: c.from.type.sql, enumValues: enumValuesOf(s.pass.before, c.from) }, { sql: c.to.type.sql, enumValues: enumValuesOf(s.pass.after, c.to) });
      if (verdict !== 'lossy' && verdict !== 'reinterpreted') return [];
      const name = label(s.pass.before, c.table, c.to.name);
      return [{
        message: `changes the type of ${name} from ${c.from.type.sql} to ${c.to.type.sql}: the deployed version reads and writes it as ${c.from.type.sql}, which from this statement on it gets another kind of value back or has its writes refused`,
        fix: `add a new column of type ${c.to.type.sql} (ALTER TABLE ${c.table.name} ADD COLUMN ${c.to.name}_new ${c.to.type.sql}), backfill it, move the application to it, and drop ${c.to.name} in a later release`,
      }];
    }),
);

export const BC104 = changeRule(
  { code: 'BC104', family: 'backward-incompatible', severity: 'warning', summary: 'Table or column the deployed version reads removed, its data kept or never stored' },
  (s) =>
    s.changes.flatMap((c): Finding[] => {
      if (c.kind === 'DropTable') {
        if (wasNewTable(s.file, s.index, c.table) || s.changes.some((x) => x.kind === 'DropSchema' && x.schema.name === c.table.schema)) return [];
        const to = rowsMovedTo(s, c.table);
        if (to.length === 0) return [];
        const name = label(s.pass.before, c.table);
        return [{
          message: `drops table ${name}, whose rows this file copied into ${quoteList([...new Set(to)])}: nothing is lost, but the deployed version's queries on ${name} fail from this statement on`,
          fix: `release an application version that uses the new tables first, then drop ${name} in a later migration (or keep it in sync until then)`,
        }];
      }
      if (c.kind !== 'DropColumn' || isNewTable(s.pass, c.table) || !existingColumn(s, c.table, c.column.name)) return [];
      const virtual = isVirtual(c.column);
      if (!virtual && !valuesMoved(s, c.table, c.column.name)) return [];
      const name = label(s.pass.before, c.table, c.column.name);
      return [{
        message: virtual
          ? `drops generated column ${name}: nothing stored is lost, but the deployed version's queries that read it fail from this statement on`
          : `drops column ${name}, whose values this file copied into another column: nothing is lost, but the deployed version's queries that name ${c.column.name} fail from this statement on`,
        fix: `release an application version that no longer reads ${c.column.name} first, then drop it in a later migration (with \`-- cairn:nolint BC104\` above the statement)`,
      }];
    }),
);
