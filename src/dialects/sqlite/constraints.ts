/**
 * Names of constraints. SQLite keeps a constraint's name only in the CREATE TABLE text, and
 * most are written without one; the model needs a name for each, so the inspector gives unnamed
 * ones deterministic names, and the planner writes a name into the DDL only when it is not the
 * one the inspector would give (`isGeneratedName`). A rename between two generated names (the
 * table was renamed) changes nothing in the database.
 */
import type { AnyConstraint, ConstraintKind } from '../../diff/changes.js';
import type { Check, ForeignKey, PrimaryKey, Unique } from '../../schema/model.js';

/** FNV-1a over the UTF-16 code units: a short, stable fingerprint of a check's expression. */
function fingerprint(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0');
}

/** unique returns `base`, or `base1`, `base2`... the first not in `used`. */
function unused(base: string, used: ReadonlySet<string>): string {
  if (!used.has(base)) return base;
  for (let i = 1; ; i++) if (!used.has(`${base}${i}`)) return `${base}${i}`;
}

export const primaryKeyName = (table: string): string => `${table}_pkey`;
const uniqueBase = (table: string, columns: readonly string[]) => `${table}_${columns.join('_')}_key`;
const foreignKeyBase = (table: string, columns: readonly string[]) => `${table}_${columns.join('_')}_fkey`;
const checkBase = (table: string, expr: string) => `${table}_check_${fingerprint(expr)}`;

export const uniqueName = (table: string, columns: readonly string[], used: ReadonlySet<string> = new Set()): string => unused(uniqueBase(table, columns), used);
export const foreignKeyName = (table: string, columns: readonly string[], used: ReadonlySet<string> = new Set()): string => unused(foreignKeyBase(table, columns), used);
export const checkName = (table: string, expr: string, used: ReadonlySet<string> = new Set()): string => unused(checkBase(table, expr), used);

/** `name` is `base` or `base` with a number after it. */
const generatedFrom = (name: string, base: string) => name === base || (name.startsWith(base) && /^\d+$/.test(name.slice(base.length)));

/** isGeneratedName says whether a constraint's name is the one the inspector gives it unnamed. */
export function isGeneratedName(table: string, type: ConstraintKind | 'primaryKey', c: AnyConstraint | PrimaryKey): boolean {
  switch (type) {
    case 'primaryKey': return c.name === primaryKeyName(table);
    case 'unique': return generatedFrom(c.name, uniqueBase(table, (c as Unique).columns));
    case 'foreignKey': return generatedFrom(c.name, foreignKeyBase(table, (c as ForeignKey).columns));
    case 'check': return generatedFrom(c.name, checkBase(table, (c as Check).expr));
    case 'exclusion': return false;
  }
}
