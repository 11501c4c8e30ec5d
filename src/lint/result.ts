/**
 * What `cairn lint` returns (`--format json` prints it as it is): the diagnostics, the files
 * that were reviewed, and enough about the run (rules and their severities, the dev database)
 * for the other output formats to be rendered from it alone.
 */
import type { Diagnostic, RuleFamily, Severity } from './types.js';

/** How the files under review were chosen. */
export type LintSelection =
  | { readonly mode: 'latest'; readonly latest: number }
  | { readonly mode: 'git-base'; readonly gitBase: string; readonly mergeBase: string }
  | { readonly mode: 'files'; readonly files: readonly string[] };

/** A migration under review. */
export interface LintedFile {
  /** As the directory lists it (relative to the directory). */
  readonly file: string;
  readonly version: string;
  /** Statements walked on the dev database (all of the file's unless one was rejected). */
  readonly statements: number;
  /** Not analyzed statement by statement, and why (a TypeScript migration runs as a whole). */
  readonly skipped?: string;
}

/** A rule that ran, with its severity after the configuration. */
export interface RuleInfo {
  readonly code: string;
  readonly family: RuleFamily;
  readonly severity: Severity;
  readonly summary: string;
}

export interface LintCounts {
  readonly error: number;
  readonly warning: number;
  readonly info: number;
}

export interface LintResult {
  /** The migration directory (absolute). */
  readonly dir: string;
  readonly selection: LintSelection;
  /** The files under review, in the directory's order. */
  readonly files: readonly LintedFile[];
  /** What the rules found, in file order, then by position, then by code. */
  readonly diagnostics: readonly Diagnostic[];
  readonly counts: LintCounts;
  /** Findings a `nolint` directive or an `off` in the configuration silenced. */
  readonly silenced: number;
  readonly rules: readonly RuleInfo[];
  /** The dev database, password masked (none when no file was selected). */
  readonly devUrl?: string;
  /** The dev database's server (`PostgreSQL 15`, `MariaDB 10.11`). */
  readonly server?: string;
  /** Things worth knowing that are no finding (a rule code in the configuration that no rule has). */
  readonly warnings: readonly string[];
}

/**
 * Why analysis stopped early: the dev database rejected a statement under review. It travels
 * as CairnError MIGRATION_FAILED whose `details.lint` is the LintResult of what was analyzed
 * before it, so a caller (and every output format) still gets those diagnostics.
 */
export interface LintFailure {
  /** `LINT001`: the code output formats give it. */
  readonly code: typeof REJECTED_CODE;
  readonly file: string;
  readonly version: string;
  readonly line: number;
  readonly column: number;
  readonly statement: string;
  /** The database's message. */
  readonly message: string;
  readonly sqlState?: string;
}

/** The code a rejected statement is reported under in every output format. */
export const REJECTED_CODE = 'LINT001';

/** countDiagnostics tallies diagnostics by severity. */
export function countDiagnostics(diagnostics: readonly Diagnostic[]): LintCounts {
  const c = { error: 0, warning: 0, info: 0 };
  for (const d of diagnostics) c[d.severity]++;
  return c;
}
