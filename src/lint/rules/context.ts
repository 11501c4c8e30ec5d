/**
 * The frame of the generic rules: `changeRule` runs a rule's check of changes over each
 * statement of a file and over each table rebuild in it (see rebuilds.ts), and the small
 * helpers checks share (the statements around one, lists in messages).
 */
import type { Change } from '../../diff/changes.js';
import type { FilePass, Finding, LintRule, StatementPass } from '../types.js';
import type { ObjectRef } from '../../schema/model.js';
import { deployedColumn, tableOfChange } from './model-facts.js';
import { copiesColumn, copyOf, createAsSelectOf, recreatesColumn, sameName } from './sql-text.js';
import { rebuildsOf, underRebuild, type Rebuild } from './rebuilds.js';

/** Where a check runs: one statement's changes, or a rebuild's net changes reported at the statement that replaced the table. */
export interface Scope {
  readonly file: FilePass;
  /** The statement reported (for a rebuild: the one that copies the rows). */
  readonly pass: StatementPass;
  readonly index: number;
  /** The changes to judge, those of tables under rebuild left out (their rebuild is judged whole). */
  readonly changes: readonly Change[];
  /** Set when judging a rebuild: the table before it and after it. */
  readonly rebuild?: Rebuild;
}

export interface RuleMeta extends Omit<LintRule, 'checkStatement' | 'checkFile'> {}

/**
 * changeRule makes a file rule out of a check of changes: it runs over each statement (without
 * the changes of a table being rebuilt in the file) and over each rebuild's net changes, so a
 * NOT NULL that a SQLite-style rebuild adds is judged like an ALTER that adds it.
 */
export function changeRule(meta: RuleMeta, check: (s: Scope) => readonly Finding[]): LintRule {
  return Object.freeze({
    ...meta,
    checkFile(fp: FilePass): readonly Finding[] {
      const out: Finding[] = [];
      for (const pass of fp.statements) {
        const changes = asWritten(pass).filter((c) => {
          const t = tableOfChange(c);
          return t === undefined || !underRebuild(fp, pass.index, t);
        });
        for (const f of check({ file: fp, pass, index: pass.index, changes })) out.push({ ...f, statement: f.statement ?? pass.index });
      }
      for (const rebuild of rebuildsOf(fp)) {
        const pass = fp.statements[rebuild.anchor]!;
        for (const f of check({ file: fp, pass, index: rebuild.anchor, changes: rebuild.changes, rebuild })) out.push({ ...f, statement: f.statement ?? rebuild.anchor });
      }
      return out;
    },
  });
}

/**
 * asWritten: a statement's changes, with a column it drops and adds again under the same name
 * (a type change the Prisma way) read as the drop and the add it is: its values are lost.
 */
export function asWritten(p: StatementPass): readonly Change[] {
  if (!p.changes.some((c) => c.kind === 'ModifyColumn')) return p.changes;
  return p.changes.flatMap((c): Change[] =>
    c.kind === 'ModifyColumn' && c.from.name === c.to.name && recreatesColumn(p.statement.text, c.to.name)
      ? [{ kind: 'DropColumn', table: c.table, column: c.from }, { kind: 'AddColumn', table: c.table, column: c.to }]
      : [c]);
}

/** earlier: the statements of the file before `index`. */
export const earlier = (s: Scope): readonly StatementPass[] => s.file.statements.slice(0, s.index);
/** later: the statements of the file after `index`. */
export const later = (s: Scope): readonly StatementPass[] => s.file.statements.slice(s.index + 1);

/**
 * existingColumn: the column holds the deployed version's data: the deployed table has it, or
 * it is one of those renamed earlier in the file (for a rebuild: the old table had it).
 */
export function existingColumn(s: Scope, ref: ObjectRef, name: string): boolean {
  if (s.rebuild) return s.rebuild.old.columns.some((c) => c.name === name) || s.rebuild.changes.some((c) => c.kind === 'RenameColumn' && c.to.name === name);
  if (deployedColumn(s.pass, ref, name)) return true;
  return s.file.statements.slice(0, s.index + 1).some((p) =>
    p.changes.some((c) => c.kind === 'RenameColumn' && c.table.schema === ref.schema && c.table.name === ref.name && c.to.name === name && deployedColumn(p, ref, c.from.name) !== undefined));
}

/**
 * columnRenames: the columns of `table` renamed by the file up to and including the statement,
 * old name → current name, so that the table as the file found it can be compared by today's names.
 */
export function columnRenames(s: Scope, table: ObjectRef): Map<string, string> {
  const out = new Map<string, string>();
  for (const p of s.file.statements.slice(0, s.index + 1)) {
    for (const c of p.changes) {
      if (c.kind !== 'RenameColumn' || c.table.schema !== table.schema || c.table.name !== table.name) continue;
      const old = [...out.entries()].find(([, now]) => now === c.from.name)?.[0] ?? c.from.name;
      out.set(old, c.to.name);
    }
  }
  for (const c of s.rebuild?.changes ?? []) if (c.kind === 'RenameColumn') out.set(c.from.name, c.to.name);
  return out;
}

/**
 * rowsMovedTo: the tables an earlier statement of the file copied the rows of `table` into
 * (INSERT INTO other … SELECT … FROM table, CREATE TABLE other AS SELECT … FROM table): when the
 * table is then dropped, its data lives on there.
 */
export function rowsMovedTo(s: Scope, table: ObjectRef): string[] {
  return earlier(s).flatMap((p) => {
    const cp = copyOf(p.statement.text) ?? createAsSelectOf(p.statement.text);
    return cp !== undefined && sameName(cp.from, table.name) && !sameName(cp.into, table.name) ? [cp.into] : [];
  });
}

/** valuesMoved: an earlier UPDATE of the file (or a rebuild's copy) put the column's values into another column. */
export const valuesMoved = (s: Scope, table: ObjectRef, column: string): boolean =>
  (s.rebuild?.read.has(column) ?? false) || earlier(s).some((p) => copiesColumn(p.statement.text, table, column));

/** sameColumns: two key column lists name the same columns in the same order. */
export const sameColumns = (a: readonly string[], b: readonly string[]): boolean => a.length === b.length && a.every((c, i) => c === b[i]);

/** quoteList names a few things for a message: `a`, `a and b`, `a, b and c`. */
export function quoteList(names: readonly string[]): string {
  return names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

/** A statement on one line, shortened, for messages that quote it. */
export function statementHead(p: StatementPass, max = 60): string {
  const one = p.statement.text.replace(/\s+/g, ' ').trim();
  return one.length <= max ? one : `${one.slice(0, max - 1)}…`;
}
