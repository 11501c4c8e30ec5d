/**
 * What a MySQL or MariaDB server can do, as data read off its version: the inspector chooses
 * its catalog queries from it and the planner its DDL spellings, so no other file compares
 * version strings. MySQL 8 and MariaDB 10/11 share most syntax but differ in when each feature
 * arrived (and MariaDB never got some, such as functional index key parts).
 *
 * @example
 * const caps = capabilitiesOf(parseServerVersion('10.11.6-MariaDB-0+deb12u1'));
 * caps.functionalIndexes; // false
 * caps.renameColumn;      // true
 */

/** The two families: they diverged at MySQL 5.5 / MariaDB 5.5. */
export type Flavor = 'mysql' | 'mariadb';

/** A server as `SELECT VERSION()` names it. */
export interface ServerInfo {
  readonly flavor: Flavor;
  /** major, minor, patch. */
  readonly version: readonly [number, number, number];
}

/** How ADD COLUMN can run without copying the table. */
export type InstantAdd = 'none' | 'last' | 'any';

export interface MysqlCapabilities {
  readonly server: ServerInfo;
  /** `ALTER TABLE ... RENAME COLUMN a TO b` (else `CHANGE COLUMN` with the full definition). */
  readonly renameColumn: boolean;
  /** `ALTER TABLE ... RENAME INDEX a TO b` (else drop and add in one statement). */
  readonly renameIndex: boolean;
  /** DESC key parts are stored (older servers parse and ignore them). */
  readonly descendingIndexes: boolean;
  /** Index key parts that are expressions: `INDEX ((lower(email)))`. */
  readonly functionalIndexes: boolean;
  /** CHECK constraints are enforced and listed in information_schema.CHECK_CONSTRAINTS. */
  readonly checkConstraints: boolean;
  /** CHECK_CONSTRAINTS has TABLE_NAME and LEVEL (MariaDB; MySQL joins TABLE_CONSTRAINTS). */
  readonly checkTableColumn: boolean;
  /** MariaDB's column-level CHECK: part of the column definition, not droppable by name. */
  readonly columnLevelChecks: boolean;
  /** `CHECK (...) NOT ENFORCED` (MySQL). */
  readonly notEnforcedChecks: boolean;
  /** How a CHECK constraint is dropped by name. */
  readonly dropCheck: 'DROP CHECK' | 'DROP CONSTRAINT';
  /** Defaults that are expressions: `DEFAULT (uuid())`. */
  readonly expressionDefaults: boolean;
  /** information_schema.COLUMNS.COLUMN_DEFAULT is SQL text (`'a'`, `NULL`) rather than the raw value. */
  readonly defaultsAsSql: boolean;
  /** COLUMN_TYPE keeps integer display widths (`int(11)`). */
  readonly integerDisplayWidths: boolean;
  /** `json` is an alias of `longtext` with a `json_valid` check (MariaDB). */
  readonly jsonIsLongtext: boolean;
  /** INVISIBLE columns. */
  readonly invisibleColumns: boolean;
  /** Indexes the optimizer may be told to ignore: MySQL `INVISIBLE`, MariaDB 10.6+ `IGNORED`. */
  readonly ignoredIndexes: 'INVISIBLE' | 'IGNORED' | undefined;
  readonly instantAddColumn: InstantAdd;
  /** DROP COLUMN without a table copy. */
  readonly instantDropColumn: boolean;
  /** information_schema.STATISTICS.EXPRESSION exists (functional key parts). */
  readonly statisticsExpression: boolean;
  /** information_schema.VIEWS.ALGORITHM exists. */
  readonly viewAlgorithmColumn: boolean;
  /** Online DDL (lint rule MY101): a VARCHAR grows to any length without a table copy. */
  readonly varcharGrowsAnyLength: boolean;
  /** Online DDL: a VARCHAR grows within its length-prefix size without a copy. */
  readonly varcharGrowsInPlace: boolean;
  /** Online DDL: ENUM and SET values appended at the end need no copy. */
  readonly enumAppendInPlace: boolean;
  /** Online DDL: a collation change within the column's character set needs no copy. */
  readonly collationInPlace: boolean;
}

/** atLeast compares dotted versions. */
const atLeast = (v: readonly [number, number, number], major: number, minor = 0, patch = 0): boolean =>
  v[0] !== major ? v[0] > major : v[1] !== minor ? v[1] > minor : v[2] >= patch;

/**
 * parseServerVersion reads `SELECT VERSION()`: `8.0.36`, `8.4.0-log`, `10.11.6-MariaDB-0+deb12u1`,
 * `5.5.5-10.5.23-MariaDB` (the replication prefix some proxies show). Unknown text reads as MySQL 8.0.
 */
export function parseServerVersion(text: string): ServerInfo {
  const mariadb = /mariadb/i.test(text);
  const stripped = mariadb ? text.replace(/^5\.5\.5-/, '') : text;
  const m = /^(\d+)\.(\d+)(?:\.(\d+))?/.exec(stripped.trim());
  const version: [number, number, number] = m ? [Number(m[1]), Number(m[2]), Number(m[3] ?? 0)] : [8, 0, 0];
  return { flavor: mariadb ? 'mariadb' : 'mysql', version };
}

/** capabilitiesOf is the capability table: one row per feature, by family and first version. */
export function capabilitiesOf(server: ServerInfo): MysqlCapabilities {
  const v = server.version;
  const maria = server.flavor === 'mariadb';
  const my = (major: number, minor = 0, patch = 0) => !maria && atLeast(v, major, minor, patch);
  const mdb = (major: number, minor = 0, patch = 0) => maria && atLeast(v, major, minor, patch);
  return Object.freeze({
    server,
    renameColumn: my(8, 0, 3) || mdb(10, 5, 2),
    renameIndex: my(5, 7) || mdb(10, 5, 2),
    descendingIndexes: my(8) || mdb(10, 8, 1),
    functionalIndexes: my(8, 0, 13),
    checkConstraints: my(8, 0, 16) || mdb(10, 2, 1),
    checkTableColumn: mdb(10, 2, 22),
    columnLevelChecks: mdb(10, 2, 1),
    notEnforcedChecks: my(8, 0, 16),
    dropCheck: maria || my(8, 0, 19) ? 'DROP CONSTRAINT' : 'DROP CHECK',
    expressionDefaults: my(8, 0, 13) || mdb(10, 2, 1),
    defaultsAsSql: mdb(10, 2, 7),
    integerDisplayWidths: maria || !my(8, 0, 19),
    jsonIsLongtext: maria,
    invisibleColumns: my(8, 0, 23) || mdb(10, 3, 3),
    ignoredIndexes: my(8) ? 'INVISIBLE' : mdb(10, 6) ? 'IGNORED' : undefined,
    instantAddColumn: my(8, 0, 29) || mdb(10, 4) ? 'any' : my(8, 0, 12) || mdb(10, 3, 2) ? 'last' : 'none',
    instantDropColumn: my(8, 0, 29) || mdb(10, 4),
    statisticsExpression: my(8, 0, 13),
    viewAlgorithmColumn: maria,
    varcharGrowsAnyLength: mdb(10, 4, 3),
    varcharGrowsInPlace: my(5, 7) || mdb(10, 2, 2),
    enumAppendInPlace: my(5, 7) || mdb(10, 3, 7),
    collationInPlace: mdb(10, 3),
  } satisfies MysqlCapabilities);
}

/** serverLabel names a server for messages: `MariaDB 10.11.6`, `MySQL 8.0.36`. */
export function serverLabel(s: ServerInfo): string {
  return `${s.flavor === 'mariadb' ? 'MariaDB' : 'MySQL'} ${s.version.join('.')}`;
}

/**
 * The server assumed for a realm that does not say which server read it (built by hand, or
 * from JSON): MySQL 8.0 as of its current releases, whose DDL MariaDB 10.5+ accepts too.
 */
export const DEFAULT_SERVER: ServerInfo = Object.freeze({ flavor: 'mysql', version: Object.freeze([8, 0, 30]) as readonly [number, number, number] });
