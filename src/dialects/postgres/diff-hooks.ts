/**
 * PostgreSQL's answers to the generic differ's questions (src/diff/hooks.ts): how its deparse
 * functions write identifiers and renamed routines, how a partition sees its parent's serial
 * columns, and the diff of the schema objects only PostgreSQL has (diff-objects.ts).
 */
import type { DiffHooks } from '../../diff/hooks.js';
import type { IdentifierRules } from '../../diff/rewrite.js';
import type { Column, Table } from '../../schema/model.js';
import { hasAttr } from './schema-types.js';
import { diffSchemaObjects } from './diff-objects.js';

/** quoteName quotes an identifier the way PostgreSQL's deparse functions do (keywords aside). */
export const quoteName = (n: string): string => (/^[a-z_][a-z0-9_$]*$/.test(n) ? n : `"${n.replace(/"/g, '""')}"`);

export const postgresIdentifiers: IdentifierRules = Object.freeze({ quoteChar: '"' as const, fold: (s: string) => s.toLowerCase(), quote: quoteName });

/**
 * partitionColumn: a serial column of a partitioned table is, on its partitions, a plain column
 * whose default takes the parent's sequence (as inspect reads it: schema-qualified).
 */
function partitionColumn(p: Table, c: Column): Column {
  if (!hasAttr(c.attrs, 'pg.serial')) return { ...c, comment: undefined };
  const seq = `${quoteName(p.schema)}.${quoteName(`${p.name}_${c.name}_seq`)}`;
  return { ...c, comment: undefined, attrs: c.attrs.filter((a) => a.kind !== 'pg.serial'), default: `nextval('${seq.replace(/'/g, "''")}'::regclass)` };
}

/** A trigger's or routine's definition as pg_get_triggerdef / pg_get_functiondef show it once renamed. */
const renamedDefinition: DiffHooks['renamedDefinition'] = (kind, def, from, to) => {
  if (kind === 'trigger') return def.replace(`CREATE TRIGGER ${quoteName(from.name)} `, `CREATE TRIGGER ${quoteName(to.name)} `);
  const head = (r: { schema: string; name: string }) => `${kind === 'procedure' ? 'PROCEDURE' : 'FUNCTION'} ${quoteName(r.schema)}.${quoteName(r.name)}(`;
  return def.replace(head(from), head(to));
};

export const postgresDiffHooks: DiffHooks = Object.freeze({
  identifiers: postgresIdentifiers,
  renamedDefinition,
  partitionColumn,
  diffSchemaObjects: (from, to, diff) => diffSchemaObjects(from, to, diff, renamedDefinition),
} satisfies DiffHooks);
