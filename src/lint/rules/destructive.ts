/**
 * Destructive changes (DS1xx, Atlas's codes): a statement that throws away data or an object the
 * deployed version uses. Drops of objects the change under review created itself are not
 * reported (nothing was there yet), nor a drop the same file undoes (a view or function dropped
 * and created again is being redefined; a table dropped after its rows were copied into its
 * replacement is being rebuilt, see rebuilds.ts). A drop takes the objects inside it along: a
 * dropped schema is one finding, not one per table.
 *
 * A drop whose data the same file moved elsewhere first (the rows copied into another table,
 * the values into another column) loses nothing: it is BC104's (the deployed version still
 * breaks), not DS.
 *
 * Dropping loses data by definition, so the safe path is deliberate rather than another
 * statement: stop using the object in a released version first, keep a copy if it may be
 * needed, then keep the drop with a `nolint` comment that records the intent.
 */
import type { Change } from '../../diff/changes.js';
import type { Finding, LintRule, StatementPass } from '../types.js';
import { changeRule, existingColumn, later, quoteList, rowsMovedTo, valuesMoved, type Scope } from './context.js';
import { isNewTable, isVirtual, label, tableIn, wasNewTable } from './model-facts.js';
import { truncatedTables } from './sql-text.js';

const nolint = (code: string) => `\`-- cairn:nolint ${code}\``;

/** The schemas a statement drops: what is inside them is reported with them. */
const droppedSchemas = (changes: readonly Change[]) => new Set(changes.flatMap((c) => (c.kind === 'DropSchema' ? [c.schema.name] : [])));

/** The tables a statement drops: their columns, keys and owned sequences go with them. */
const droppedTables = (changes: readonly Change[]) => new Set(changes.flatMap((c) => (c.kind === 'DropTable' ? [`${c.table.schema}.${c.table.name}`] : [])));

export const DS101 = changeRule(
  { code: 'DS101', family: 'destructive', severity: 'error', summary: 'Schema dropped, with every object and row in it' },
  (s) =>
    s.changes.flatMap((c): Finding[] => {
      if (c.kind !== 'DropSchema' || !s.pass.deployed.schemas.some((x) => x.name === c.schema.name)) return [];
      const tables = c.schema.tables.map((t) => t.name);
      const what = tables.length === 0 ? '' : ` with its ${tables.length === 1 ? 'table' : `${tables.length} tables`} (${quoteList(tables.slice(0, 5))}${tables.length > 5 ? ', …' : ''}) and every row in them`;
      return [{
        message: `drops schema ${c.schema.name}${what}: the data is gone for good, and the deployed version fails on every query that names its objects`,
        fix: `release an application version that no longer uses schema ${c.schema.name} first and back up what may be needed; then drop it in its own migration with ${nolint('DS101')} above the statement to record that the loss is intended`,
      }];
    }),
);

export const DS102 = changeRule(
  { code: 'DS102', family: 'destructive', severity: 'error', summary: 'Table dropped, with all its rows' },
  (s) => {
    const schemas = droppedSchemas(s.changes);
    return s.changes.flatMap((c): Finding[] => {
      if (c.kind !== 'DropTable' || wasNewTable(s.file, s.index, c.table) || schemas.has(c.table.schema)) return [];
      if (rowsMovedTo(s, c.table).length > 0) return []; // the rows live on elsewhere: BC104
      const name = label(s.pass.before, c.table);
      return [{
        message: `drops table ${name} and all its rows: the data is gone for good, and the deployed version's queries on ${name} fail from this statement on`,
        fix: `release an application version that no longer uses ${name} first (and keep a dump if the rows may be needed); then drop it in a later migration with ${nolint('DS102')} above the statement to record that the loss is intended`,
      }];
    });
  },
);

export const DS103 = changeRule(
  { code: 'DS103', family: 'destructive', severity: 'error', summary: 'Column dropped, with the data it holds' },
  (s) => {
    const tables = droppedTables(s.changes);
    const byTable = new Map<string, { ref: { schema: string; name: string }; columns: string[] }>();
    for (const c of s.changes) {
      if (c.kind !== 'DropColumn' || tables.has(`${c.table.schema}.${c.table.name}`)) continue;
      // A column the deployed version never had was added by the change under review: nothing to lose.
      // A VIRTUAL column stores nothing, and values this file copied elsewhere live on: BC104.
      if (!existingColumn(s, c.table, c.column.name) || isVirtual(c.column) || valuesMoved(s, c.table, c.column.name)) continue;
      const k = `${c.table.schema}.${c.table.name}`;
      const entry = byTable.get(k) ?? { ref: c.table, columns: [] as string[] };
      entry.columns.push(c.column.name);
      byTable.set(k, entry);
    }
    return [...byTable.values()].map(({ ref, columns }) => {
      const name = label(s.pass.before, ref);
      const cols = quoteList(columns);
      const rebuilt = s.rebuild ? ` (the rebuild of ${name} leaves ${columns.length === 1 ? 'it' : 'them'} out)` : '';
      return {
        message: `drops ${columns.length === 1 ? 'column' : 'columns'} ${cols} of ${name}${rebuilt} and the data ${columns.length === 1 ? 'it holds' : 'they hold'}: the deployed version's queries that name ${columns.length === 1 ? 'it' : 'them'} fail from this statement on`,
        fix: `stop reading and writing ${cols} in the application and release that first; then drop ${columns.length === 1 ? 'it' : 'them'} in a later migration with ${nolint('DS103')} above the statement to record that the loss is intended`,
      };
    });
  },
);

/** Re-created later in the same file under the same name: being redefined, not removed. */
function recreatedLater(s: Scope, added: (c: Change) => boolean): boolean {
  return later(s).some((p) => p.changes.some(added));
}

export const DS104 = changeRule(
  { code: 'DS104', family: 'destructive', severity: 'error', summary: 'View or materialized view dropped' },
  (s) => {
    const schemas = droppedSchemas(s.changes);
    return s.changes.flatMap((c): Finding[] => {
      if (c.kind !== 'DropView' || schemas.has(c.view.schema)) return [];
      const v = c.view;
      if (!s.pass.deployed.schemas.some((x) => x.name === v.schema && x.views.some((w) => w.name === v.name))) return [];
      if (recreatedLater(s, (x) => x.kind === 'AddView' && x.view.schema === v.schema && x.view.name === v.name)) return [];
      const name = label(s.pass.before, v);
      const kind = v.materialized ? 'materialized view' : 'view';
      return [{
        message: `drops ${kind} ${name}${v.materialized ? ' and the rows it stores' : ''}: the deployed version's queries on ${name} fail from this statement on`,
        fix: `release an application version that no longer reads ${name} first, then drop it with ${nolint('DS104')} above the statement; to change its definition instead, ${v.materialized ? 'drop and create it again in the same migration' : 'use CREATE OR REPLACE VIEW (or drop and create it again in the same migration)'}`,
      }];
    });
  },
);

export const DS105 = changeRule(
  { code: 'DS105', family: 'destructive', severity: 'error', summary: 'Function or procedure dropped' },
  (s) => {
    const schemas = droppedSchemas(s.changes);
    return s.changes.flatMap((c): Finding[] => {
      if (c.kind !== 'DropFunction' || schemas.has(c.func.schema)) return [];
      const f = c.func;
      if (!s.pass.deployed.schemas.some((x) => x.name === f.schema && x.functions.some((g) => g.name === f.name && g.args === f.args))) return [];
      if (recreatedLater(s, (x) => x.kind === 'AddFunction' && x.func.schema === f.schema && x.func.name === f.name)) return [];
      const name = `${label(s.pass.before, f)}(${f.args})`;
      return [{
        message: `drops ${f.kind} ${name}: the deployed version's calls to it, and the triggers, defaults or views that use it, fail from this statement on`,
        fix: `release an application version that no longer calls ${name} first, then drop it with ${nolint('DS105')} above the statement; to change its body, use CREATE OR REPLACE ${f.kind.toUpperCase()}`,
      }];
    });
  },
);

export const DS106 = changeRule(
  { code: 'DS106', family: 'destructive', severity: 'error', summary: 'Sequence dropped' },
  (s) => {
    const schemas = droppedSchemas(s.changes);
    const tables = droppedTables(s.changes);
    const droppedColumns = new Set(s.changes.flatMap((c) => (c.kind === 'DropColumn' ? [`${c.table.schema}.${c.table.name}.${c.column.name}`] : [])));
    return s.changes.flatMap((c): Finding[] => {
      if (c.kind !== 'DropSequence' || schemas.has(c.sequence.schema)) return [];
      const q = c.sequence;
      // A sequence owned by a column goes with it: the column's drop is the finding.
      const owner = q.ownedBy;
      if (owner && (tables.has(`${q.schema}.${owner.table}`) || droppedColumns.has(`${q.schema}.${owner.table}.${owner.column}`))) return [];
      if (!s.pass.deployed.schemas.some((x) => x.name === q.schema && x.sequences.some((y) => y.name === q.name))) return [];
      if (recreatedLater(s, (x) => x.kind === 'AddSequence' && x.sequence.schema === q.schema && x.sequence.name === q.name)) return [];
      const name = label(s.pass.before, q);
      return [{
        message: `drops sequence ${name} and its current value: the deployed version's nextval('${q.name}') calls, and column defaults that use it, fail from this statement on`,
        fix: `release an application version that no longer uses ${name} first, then drop it with ${nolint('DS106')} above the statement; to restart it instead, use ALTER SEQUENCE ${q.name} RESTART`,
      }];
    });
  },
);

/** TRUNCATE changes no schema, so the statement's text is all there is to read. */
export const DS107: LintRule = Object.freeze({
  code: 'DS107',
  family: 'destructive',
  severity: 'error',
  summary: 'Table truncated: every row deleted',
  checkStatement(p: StatementPass): readonly Finding[] {
    const names = truncatedTables(p.statement.text).filter((n) => {
      const t = p.before.schemas.flatMap((s) => s.tables).find((x) => x.name.toLowerCase() === n.toLowerCase());
      return t !== undefined && !isNewTable(p, t) && tableIn(p.before, t) !== undefined;
    });
    if (names.length === 0) return [];
    const list = quoteList(names);
    return [{
      message: `empties ${names.length === 1 ? 'table' : 'tables'} ${list}: every row is deleted at once and cannot be recovered, while the deployed version keeps reading and writing ${names.length === 1 ? 'it' : 'them'}`,
      fix: `if the rows are really unwanted, keep the statement with ${nolint('DS107')} above it to record the intent; to remove only some rows, DELETE … WHERE in batches instead`,
    }];
  },
});
