/**
 * The frame of the generic rules: `changeRule` runs a rule's check of changes over each
 * statement of a file and over each table rebuild in it (see rebuilds.ts), and the small
 * helpers checks share (the statements around one, lists in messages).
 */
import type { Change } from '../../diff/changes.js';
import type { FilePass, Finding, LintRule, StatementPass } from '../types.js';
import { tableOfChange } from './model-facts.js';
import { rebuildsOf, underRebuild, type Rebuild } from './rebuilds.js';

/** Where a check runs: one statement's changes, or a rebuild's net changes reported at the statement that replaced the table. */
export interface Scope {
  readonly file: FilePass;
  /** The statement reported (for a rebuild: the one that dropped or renamed away the old table). */
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
        const changes = pass.changes.filter((c) => {
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

/** earlier: the statements of the file before `index`. */
export const earlier = (s: Scope): readonly StatementPass[] => s.file.statements.slice(0, s.index);
/** later: the statements of the file after `index`. */
export const later = (s: Scope): readonly StatementPass[] => s.file.statements.slice(s.index + 1);

/** sameColumns: two key column lists name the same columns in the same order. */
export const sameColumns = (a: readonly string[], b: readonly string[]): boolean => a.length === b.length && a.every((c, i) => c === b[i]);

/** quoteList names a few things for a message: `a`, `a and b`, `a, b and c`. */
export function quoteList(names: readonly string[]): string {
  return names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

/** The statement's first line, shortened, for messages that quote it. */
export function statementHead(p: StatementPass, max = 60): string {
  const one = p.statement.text.replace(/\s+/g, ' ').trim();
  return one.length <= max ? one : `${one.slice(0, max - 1)}…`;
}
