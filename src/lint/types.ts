/**
 * The lint contract (in the spirit of Atlas's `sqlcheck`): a rule receives one statement of a
 * migration under review with the schema before and after it (both inspected on the dev
 * database as the statement ran there) and the changes between them (the generic differ's
 * `Change` union), and reports findings; a file rule sees every statement of one file. Rules
 * shared by every database live in src/lint/rules/; a database's own (PostgreSQL locks, MySQL
 * table copies, SQLite rebuilds) live in its dialect folder and are handed over by
 * `Dialect.loadLintRules`. This file holds only types, so that a dialect can implement rules
 * without depending on the lint engine.
 */
import type { Change } from '../diff/changes.js';
import type { Realm } from '../schema/model.js';
import type { Statement } from '../sql/types.js';

export type Severity = 'error' | 'warning' | 'info';

/** The rule families, as the README's table groups them. */
export type RuleFamily = 'destructive' | 'data-dependent' | 'backward-incompatible' | 'constraint-deletion' | 'locking' | 'transaction' | 'table-copy' | 'naming';

/** A finding as a rule reports it; the engine adds the code, severity and position. */
export interface Finding {
  /** What will happen in production, for people ("drops column users.email and its data"). */
  readonly message: string;
  /** The safe alternative ("add the column nullable, backfill, then SET NOT NULL in a later migration"). */
  readonly fix: string;
  /** For a file rule: which statement (index into FilePass.statements); default the statement checked. */
  readonly statement?: number;
}

/** A diagnostic as lint prints it. */
export interface Diagnostic {
  /** Stable code (`DS103`): what `-- cairn:nolint DS103` and config `lint.rules` name. */
  readonly code: string;
  readonly severity: Severity;
  readonly family: RuleFamily;
  /** The migration file, as the directory lists it (relative to the directory). */
  readonly file: string;
  /** The migration's version. */
  readonly version: string;
  /** 1-based position of the statement's first character in the file. */
  readonly line: number;
  readonly column: number;
  /** The statement's text. */
  readonly statement: string;
  readonly message: string;
  readonly fix: string;
}

/** One statement of a migration under review, with the schema around it. */
export interface StatementPass {
  /** The statement as the lexer found it (text, position in the file, leading comments). */
  readonly statement: Statement;
  /** Its index in the file. */
  readonly index: number;
  /** The schema just before it ran, and just after (inspected on the dev database). */
  readonly before: Realm;
  readonly after: Realm;
  /** What it changed: the differ's changes from `before` to `after` (renames as the statement made them). */
  readonly changes: readonly Change[];
  /**
   * Tables (`schema.name`) created by the files under review before or by this statement:
   * empty and unused by the deployed application, so most rules do not apply to them.
   */
  readonly newTables: ReadonlySet<string>;
  /** The schema before the files under review: what the deployed application version has. */
  readonly deployed: Realm;
  /** Whether the runner runs this statement inside a transaction (the file's, or its own BEGIN). */
  readonly inTransaction: boolean;
  /** The file this statement is in. */
  readonly file: FileInfo;
}

/** What a rule knows of the file under review. */
export interface FileInfo {
  /** As the directory lists it. */
  readonly name: string;
  readonly version: string;
  /** `-- atlas:txmode none` (or the format's equivalent): the runner does not wrap the file. */
  readonly noTransaction: boolean;
  /** The server the dev database runs (`PostgreSQL 15`, `MariaDB 10.11`), for version-dependent rules. */
  readonly server?: { readonly major: number; readonly minor?: number; readonly label: string; readonly flavor?: string };
}

/** A whole file under review, for rules that look across statements. */
export interface FilePass {
  readonly file: FileInfo;
  readonly statements: readonly StatementPass[];
}

/** A lint rule: a code, a default severity, and the check. */
export interface LintRule {
  readonly code: string;
  readonly family: RuleFamily;
  readonly severity: Severity;
  /** One line for the README's table and `--format sarif`'s rule list. */
  readonly summary: string;
  /** Off unless the configuration turns it on (naming rules). */
  readonly optIn?: boolean;
  checkStatement?(p: StatementPass): readonly Finding[];
  checkFile?(p: FilePass): readonly Finding[];
}
