/**
 * gormigrate: `migrations(id)`, one row per applied migration, `id` being the string the Go code
 * gave it (`201608301400`, `add_users`…). gormigrate keeps no checksum, and its `InitSchema`
 * records the id `SCHEMA_INIT` for a database it created whole. Migrations are Go code, so the
 * Cairn directory holds them converted to SQL. The rule: an id matches the migration whose
 * version is exactly that id, or else whose file-name stem `{version}_{description}` is (an id
 * like `202001011200_add_users` kept as the file name). A prefix alone never matches: ids are
 * free-form, and `2020` must not stand for `20200101`.
 */
import type { AdoptTool, ToolContext, ToolEntry, ToolRow } from '../types.js';
import { stem, text } from '../values.js';

/** The id gormigrate's InitSchema records. */
export const GORMIGRATE_INIT = 'SCHEMA_INIT';

function entries(rows: readonly ToolRow[], ctx: ToolContext): ToolEntry[] {
  const ids = rows.map((r) => text(r.id) ?? '');
  return ids.map((id): ToolEntry => {
    if (id === GORMIGRATE_INIT) return { key: id, checksum: 'absent', ignored: true, note: "gormigrate's InitSchema row" };
    const m = ctx.loaded.migrations.find((x) => !x.repeatable && x.version === id) ?? ctx.loaded.migrations.find((x) => !x.repeatable && stem(x) === id);
    return { key: id, ...(m ? { migration: m } : {}), checksum: 'absent' };
  });
}

export const gormigrateTool: AdoptTool = {
  name: 'gormigrate',
  label: 'gormigrate',
  tables: [{ table: 'migrations' }],
  columns: ['id'],
  entries,
  dropHint: 'DROP TABLE {table}',
};
