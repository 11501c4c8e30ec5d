/**
 * SQLite column builders (`cairn-migrate/dsl/sqlite`). SQLite keeps a column's declared type as
 * written and derives its affinity from it: the builders declare the five affinities (INTEGER,
 * REAL, TEXT, BLOB, NUMERIC) and ANY (STRICT tables), and `type()` declares anything else
 * (`type('DATETIME')`, `type('VARCHAR(40)')`).
 *
 * @example
 * const id = integer().primaryKey().autoIncrement();
 * const email = text().notNull().collate('nocase').unique();
 * const total = real().generatedAs(sql`price * qty`, 'stored');
 */
import { ColumnCore, newState } from '../core/column.js';
import type { SqlFragment } from '../sql.js';

/** What every SQLite column offers. */
export class SqliteColumn extends ColumnCore {
  /** The collation comparisons on the column use: `nocase`, `rtrim`, `binary`. */
  collate(name: string): this { return this.with({ collation: name }); }
  /** A generated column: VIRTUAL (computed on read, SQLite's default) or STORED. */
  generatedAs(expr: SqlFragment | string, kind: 'virtual' | 'stored' = 'virtual'): this { return this.generated(expr, kind); }
}

/** INTEGER: the one type whose PRIMARY KEY is the rowid, and may be AUTOINCREMENT. */
export class SqliteIntegerColumn extends SqliteColumn {
  /**
   * AUTOINCREMENT on an INTEGER PRIMARY KEY: ids are never reused, even after the largest is
   * deleted (SQLite keeps the high-water mark in `sqlite_sequence`).
   */
  autoIncrement(): this { return this.with({ autoIncrement: true }); }
}

/** type is a column of any declared type, as SQLite keeps it: `type('DATETIME')`. */
export const type = (declared: string): SqliteColumn => new SqliteColumn(newState(declared));

export const integer = () => new SqliteIntegerColumn(newState('INTEGER'));
export const real = () => type('REAL');
export const text = () => type('TEXT');
export const blob = () => type('BLOB');
export const numeric = () => type('NUMERIC');
/** ANY, for a STRICT table's column that takes any value as given. */
export const any = () => type('ANY');
