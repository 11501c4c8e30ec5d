/**
 * MySQL/MariaDB column builders (`cairn-migrate/dsl/mysql`), typed by what each type allows:
 * integers take `.unsigned()`, `.zerofill()` and `.autoIncrement()`, strings `.charset()` and
 * `.collate()`, DATETIME/TIMESTAMP `.defaultNow()` and `.onUpdateNow()`. Types are spelled as
 * MySQL spells them (`int unsigned`, `varchar(255)`, `enum('a','b')`); a column's position in
 * the table is its place in the declaration.
 *
 * @example
 * const id = bigint().unsigned().autoIncrement().primaryKey();
 * const email = varchar(255).charset('utf8mb4').collate('utf8mb4_bin').notNull().unique();
 * const updatedAt = timestamp(3).notNull().defaultNow().onUpdateNow();
 */
import { ColumnCore, newState, typeWithParams as params } from '../core/column.js';
import { sql, type SqlFragment } from '../sql.js';

/** What every MySQL column offers. */
export class MysqlColumn extends ColumnCore {
  /** A generated column: VIRTUAL (computed on read, MySQL's default) or STORED. */
  generatedAs(expr: SqlFragment | string, kind: 'virtual' | 'stored' = 'virtual'): this { return this.generated(expr, kind); }
  comment(text: string): this { return this.with({ comment: text }); }
}

/** A type modifier (`unsigned`, `zerofill`) added once, after the type and its parameters. */
const withModifier = (type: string, modifier: string) => (new RegExp(`\\b${modifier}\\b`, 'i').test(type) ? type : `${type} ${modifier}`);

/** DECIMAL, FLOAT, DOUBLE: may be UNSIGNED and ZEROFILL. */
export class MysqlNumberColumn extends MysqlColumn {
  unsigned(): this { return this.with({ type: withModifier(this.state.type, 'unsigned') }); }
  /** ZEROFILL (deprecated by MySQL 8); it makes the column UNSIGNED too, as the server does. */
  zerofill(): this { return this.with({ type: withModifier(withModifier(this.state.type, 'unsigned'), 'zerofill') }); }
}

/** The integer types: UNSIGNED, ZEROFILL and AUTO_INCREMENT (which needs the column to be a key). */
export class MysqlIntColumn extends MysqlNumberColumn {
  autoIncrement(): this { return this.with({ autoIncrement: true, notNull: true }); }
}

/** CHAR, VARCHAR, the TEXT types, ENUM and SET: a character set and a collation of their own. */
export class MysqlStringColumn extends MysqlColumn {
  charset(name: string): this { return this.with({ charset: name }); }
  collate(name: string): this { return this.with({ collation: name }); }
}

/** The fractional-second precision of a DATETIME(n)/TIMESTAMP(n), which NOW() must repeat. */
export const fspOf = (type: string) => /^\w+\((\d)\)/.exec(type)?.[1];

/** DATETIME and TIMESTAMP: set to the current time on insert and/or on update. */
export class MysqlDateTimeColumn extends MysqlColumn {
  /** DEFAULT CURRENT_TIMESTAMP, with the column's precision. */
  defaultNow(): this { const fsp = fspOf(this.state.type); return this.with({ default: sql(`CURRENT_TIMESTAMP${fsp ? `(${fsp})` : ''}`) }); }
  /** ON UPDATE CURRENT_TIMESTAMP, with the column's precision. */
  onUpdateNow(): this { return this.with({ onUpdateNow: true }); }
}

/** A column of a type spelled out (`type('point')`), with every MySQL column option. */
export class MysqlAnyColumn extends MysqlIntColumn {
  charset(name: string): this { return this.with({ charset: name }); }
  collate(name: string): this { return this.with({ collation: name }); }
  onUpdateNow(): this { return this.with({ onUpdateNow: true }); }
}

/** type is a column of any type, spelled as MySQL spells it: `type('point')`, `type('int unsigned')`. */
export const type = (sqlType: string): MysqlAnyColumn => new MysqlAnyColumn(newState(sqlType));

/** An integer type; a display width (`int(11)`) is kept as written (MariaDB shows it, MySQL 8.0.19+ drops it). */
const integerType = (name: string) => (displayWidth?: number) => new MysqlIntColumn(newState(params(name, displayWidth)));
export const tinyint = integerType('tinyint');
export const smallint = integerType('smallint');
export const mediumint = integerType('mediumint');
export const int = integerType('int');
export const bigint = integerType('bigint');
/** BOOLEAN, which MySQL stores as TINYINT(1). */
export const boolean = () => new MysqlIntColumn(newState('tinyint(1)'));

export const decimal = (precision?: number, scale?: number) => new MysqlNumberColumn(newState(params('decimal', precision, scale)));
export const float = () => new MysqlNumberColumn(newState('float'));
export const double = () => new MysqlNumberColumn(newState('double'));
export const bit = (length?: number) => new MysqlColumn(newState(params('bit', length)));

const string = (t: string) => new MysqlStringColumn(newState(t));
export const char = (length?: number) => string(params('char', length));
export const varchar = (length: number) => string(params('varchar', length));
export const tinytext = () => string('tinytext');
export const text = () => string('text');
export const mediumtext = () => string('mediumtext');
export const longtext = () => string('longtext');

/** A MySQL string literal: quotes doubled and backslashes escaped (the server reads `\` as an escape). */
export const mysqlString = (s: string) => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
/** An inline ENUM column: `mysqlEnum(['draft', 'published'])`. */
export const mysqlEnum = (values: readonly string[]) => string(`enum(${values.map(mysqlString).join(',')})`);
/** An inline SET column: `mysqlSet(['read', 'write'])`. */
export const mysqlSet = (values: readonly string[]) => string(`set(${values.map(mysqlString).join(',')})`);

const plain = (t: string) => new MysqlColumn(newState(t));
export const tinyblob = () => plain('tinyblob');
export const blob = () => plain('blob');
export const mediumblob = () => plain('mediumblob');
export const longblob = () => plain('longblob');
export const binary = (length?: number) => plain(params('binary', length));
export const varbinary = (length: number) => plain(params('varbinary', length));

export const date = () => plain('date');
/** DATETIME(fsp): fsp is the fractional-second precision, 0 to 6. */
export const datetime = (fsp?: number) => new MysqlDateTimeColumn(newState(params('datetime', fsp)));
/** TIMESTAMP(fsp): fsp is the fractional-second precision, 0 to 6. */
export const timestamp = (fsp?: number) => new MysqlDateTimeColumn(newState(params('timestamp', fsp)));
export const time = (fsp?: number) => plain(params('time', fsp));
export const year = () => plain('year');
export const json = () => plain('json');
