/**
 * What every generic rule asks of the model around a statement: is this table new (created by
 * the change under review, so empty and unused), did the deployed version have this column,
 * how to name an object in a message, which table a change is about.
 *
 * Dialect facts the model carries as attributes are read by the last part of their kind, the
 * convention every dialect follows (`pg.identity`, `mysql.autoIncrement`): the rules need to
 * know that a column fills itself or that a constraint skipped the existing rows, not which
 * database said so.
 */
import type { Change } from '../../diff/changes.js';
import type { Attr, Column, ObjectRef, Realm, Table } from '../../schema/model.js';
import { findTable } from '../../schema/build.js';
import type { FilePass, StatementPass } from '../types.js';

export const refKey = (r: ObjectRef): string => `${r.schema}.${r.name}`;

export const tableIn = (realm: Realm, ref: ObjectRef): Table | undefined => findTable(realm, ref.schema, ref.name);

/**
 * isNewTable: created by the files under review (and not a table the deployed version has under
 * the same name, such as one rebuilt by copy): it holds no production rows and no deployed code
 * reads it.
 */
export const isNewTable = (p: StatementPass, ref: ObjectRef): boolean => p.newTables.has(refKey(ref)) && tableIn(p.deployed, ref) === undefined;

/**
 * wasNewTable: for the name a statement removes (a dropped table, a table renamed away), the
 * table was new before the statement. A pass's `newTables` tells what holds after it, when the
 * dropped or renamed table is no longer listed; the statement before it tells what held before.
 * At a file's first statement, a table the deployed version lacks was created by an earlier
 * file under review.
 */
export function wasNewTable(fp: FilePass, index: number, ref: ObjectRef): boolean {
  const p = fp.statements[index]!;
  if (tableIn(p.deployed, ref) !== undefined) return false;
  const prev = fp.statements[index - 1];
  return prev === undefined ? true : prev.newTables.has(refKey(ref));
}

/** The column as the deployed version has it; undefined for a column the change under review added. */
export const deployedColumn = (p: StatementPass, ref: ObjectRef, name: string): Column | undefined =>
  isNewTable(p, ref) ? undefined : tableIn(p.deployed, ref)?.columns.find((c) => c.name === name);

/** label names an object for a message: `users`, `users.email`; the schema only where the realm has several. */
export function label(realm: Realm, ref: ObjectRef, ...rest: string[]): string {
  return [...(realm.schemas.length > 1 ? [ref.schema] : []), ref.name, ...rest].join('.');
}

/** An attribute whose kind ends with one of `names` (`.identity`), whichever dialect set it. */
export const hasAttrNamed = (attrs: readonly Attr[] | undefined, ...names: string[]): boolean =>
  (attrs ?? []).some((a) => names.includes(a.kind.slice(a.kind.indexOf('.') + 1)));

/** A column that gets its values by itself: generated, identity, serial or auto-increment. */
export const fillsItself = (c: Column): boolean => c.generated !== undefined || hasAttrNamed(c.attrs, 'identity', 'serial', 'autoIncrement', 'autoincrement');

/** A generated column computed on read (VIRTUAL): it stores nothing. */
export const isVirtual = (c: Column): boolean =>
  c.generated !== undefined && (hasAttrNamed(c.attrs, 'virtual') || (c.attrs ?? []).some((a) => a.kind.endsWith('.generated') && a.storage === 'VIRTUAL'));

/** A constraint added without checking the rows already there (PostgreSQL NOT VALID, MySQL NOT ENFORCED). */
export const skipsExistingRows = (attrs: readonly Attr[] | undefined): boolean => hasAttrNamed(attrs, 'notValid', 'notEnforced');

/**
 * typesEnforced: a column's declared type limits what it holds. SQLite stores any value in any
 * column of an ordinary table (type affinity: `BIGINT` and `INTEGER` are the same 8-byte
 * integers, `VARCHAR(10)` holds any length), so no type change fails there, except in a STRICT
 * table. The server's family is the one fact that tells (FileInfo.server.flavor).
 */
export const typesEnforced = (p: StatementPass, table: Table | undefined): boolean => p.file.server?.flavor !== 'sqlite' || hasAttrNamed(table?.attrs, 'strict');

/** The table a change is about (undefined for schema-level objects other than tables). */
export function tableOfChange(c: Change): ObjectRef | undefined {
  switch (c.kind) {
    case 'AddTable': case 'DropTable': return c.table;
    case 'RenameTable': return c.to;
    case 'ModifyTable': return c.to;
    case 'AddColumn': case 'DropColumn': case 'RenameColumn': case 'ModifyColumn': case 'AddPrimaryKey': case 'DropPrimaryKey':
    case 'AddConstraint': case 'DropConstraint': case 'RenameConstraint': case 'AddIndex': case 'DropIndex': case 'RenameIndex':
    case 'AddTrigger': case 'DropTrigger': case 'RenameTrigger': case 'ModifyTrigger': case 'AddPolicy': case 'DropPolicy':
    case 'RenamePolicy': case 'ModifyPolicy': case 'SetRowSecurity': case 'ModifyPartitioning':
      return c.table;
    default:
      return undefined;
  }
}

/** The enumeration values of a column whose type is an enum type of the realm (PostgreSQL), if it is one. */
export function enumValuesOf(realm: Realm, c: Column): readonly string[] | undefined {
  const ref = c.type.ref;
  if (!ref) return undefined;
  return realm.schemas.find((s) => s.name === ref.schema)?.enums.find((e) => e.name === ref.name)?.values;
}
