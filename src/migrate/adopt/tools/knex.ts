/**
 * Knex: `knex_migrations(id, name, batch, migration_time)`, one row per migration run, `name`
 * being the migration's file name (`20200101120000_create_users.js`). Knex keeps no checksum and
 * runs each migration in a transaction, so a row means applied; `knex_migrations_lock.is_locked`
 * = 1 means a run holds (or crashed holding) Knex's lock, which adopt refuses.
 *
 * Knex migrations are JavaScript, which Cairn does not run: the Cairn directory holds them
 * converted to SQL. The rule: a row matches the migration whose file-name stem, `{version}_
 * {description}`, equals the row's name without its extension (`.js`, `.ts`, `.cjs`, `.mjs`…),
 * which holds when the converted files keep Knex's names (`20200101120000_create_users.sql` in
 * Atlas, goose or dbmate layout, `…_create_users.up.sql` in golang-migrate's).
 */
import type { AdoptTool, ToolContext, ToolEntry, ToolRow } from '../types.js';
import { baseName, flag, integer, stem, text } from '../values.js';

/** A Knex file name without its extension: `20200101120000_create_users.js` → `20200101120000_create_users`. */
export function knexStem(name: string): string {
  return baseName(name).replace(/\.[A-Za-z0-9]+$/, '');
}

function entries(rows: readonly ToolRow[], ctx: ToolContext): ToolEntry[] {
  const sorted = [...rows].sort((a, b) => Number(integer(a.id) ?? 0) - Number(integer(b.id) ?? 0));
  return sorted.map((r): ToolEntry => {
    const name = text(r.name) ?? '';
    const m = ctx.loaded.migrations.find((x) => !x.repeatable && stem(x) === knexStem(name));
    return { key: name, ...(m ? { migration: m } : {}), checksum: 'absent', note: `batch ${text(r.batch) ?? '?'}` };
  });
}

export const knexTool: AdoptTool = {
  name: 'knex',
  label: 'Knex',
  tables: [{ table: 'knex_migrations' }],
  columns: ['id', 'name', 'batch', 'migration_time'],
  entries,
  lock: {
    tables: (found) => [`${found}_lock`],
    columns: ['is_locked'],
    held: (rows) => (rows.some((r) => flag(r.is_locked)) ? 'knex_migrations_lock.is_locked = 1: a Knex migration run holds the lock (or crashed holding it)' : undefined),
  },
  dropHint: 'DROP TABLE {table}; DROP TABLE knex_migrations_lock',
};
