/**
 * golang-migrate: `schema_migrations(version bigint, dirty boolean)` holds one row, the current
 * version: every migration up to it is applied (golang-migrate applies in order and keeps no
 * per-migration record nor checksum). An empty table means nothing is applied. `dirty` means a
 * migration failed halfway and golang-migrate itself refuses to go on until someone fixes the
 * database and runs `migrate force`: adopt refuses too. (dbmate also names its table
 * `schema_migrations`, without `dirty`: reading one with the other tool's name fails on the
 * columns, which names the missing one.)
 */
import type { AdoptTool, ToolContext, ToolEntry, ToolRow } from '../types.js';
import { byNumber, flag, integer, text } from '../values.js';

function entries(rows: readonly ToolRow[], ctx: ToolContext): ToolEntry[] {
  return rows.map((r): ToolEntry => {
    const version = integer(r.version) ?? text(r.version) ?? '';
    const m = byNumber(ctx.loaded.migrations, version);
    const more = rows.length > 1 ? `; the table holds ${rows.length} rows where golang-migrate keeps one` : '';
    const dirty = flag(r.dirty);
    return {
      key: `version ${version}${dirty ? ' (dirty)' : ''}`, ...(m ? { migration: m } : {}), checksum: 'absent', coversEarlier: true,
      ...(dirty || more ? { problem: dirty ? `dirty at version ${version}: a migration failed halfway; repair the database, then \`migrate force\`${more}` : more.slice(2) } : {}),
    };
  });
}

export const golangMigrateTool: AdoptTool = {
  name: 'golang-migrate',
  label: 'golang-migrate',
  tables: [{ table: 'schema_migrations' }],
  columns: ['version', 'dirty'],
  entries,
  dropHint: 'DROP TABLE {table}',
};
