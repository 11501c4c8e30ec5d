/**
 * dbmate: `schema_migrations(version varchar)`, one row per applied migration, the version as
 * the file name spells it (`20151129054053`). No checksum, no dirty state (dbmate runs each file
 * in a transaction unless told not to). A row matches the migration of the same version, or of
 * the same number when the zero padding differs.
 */
import type { AdoptTool, ToolContext, ToolEntry, ToolRow } from '../types.js';
import { byNumber, text } from '../values.js';

function entries(rows: readonly ToolRow[], ctx: ToolContext): ToolEntry[] {
  const versions = rows.map((r) => text(r.version) ?? '').sort((a, b) => ctx.loaded.compare(a, b));
  return versions.map((v): ToolEntry => {
    const m = ctx.loaded.migrations.find((x) => !x.repeatable && x.version === v) ?? byNumber(ctx.loaded.migrations, v);
    return { key: v, ...(m ? { migration: m } : {}), checksum: 'absent' };
  });
}

export const dbmateTool: AdoptTool = {
  name: 'dbmate',
  label: 'dbmate',
  tables: [{ table: 'schema_migrations' }],
  columns: ['version'],
  entries,
  dropHint: 'DROP TABLE {table}',
};
