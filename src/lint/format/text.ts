/**
 * The `text` format: one line per diagnostic, as compilers print them, so editors and terminals
 * link the position (`migrations/2_drop.sql:3:1: error DS103 …`), the safe alternative on an
 * indented `fix:` line below it, and a summary line last.
 */
import { assertNever } from '../../errors.js';
import type { LintFailure, LintResult } from '../result.js';
import { REJECTED_CODE } from '../result.js';
import type { Severity } from '../types.js';
import { displayPath } from './paths.js';

/** How text is coloured (identity when there is no terminal). */
export interface Paint {
  readonly error: (s: string) => string;
  readonly warning: (s: string) => string;
  readonly info: (s: string) => string;
  readonly dim: (s: string) => string;
}

const PLAIN: Paint = { error: (s) => s, warning: (s) => s, info: (s) => s, dim: (s) => s };

export function formatText(r: LintResult, opts: { cwd: string; failure?: LintFailure; paint?: Paint }): string {
  const paint = opts.paint ?? PLAIN;
  const sev = (s: Severity) => paint[s](s);
  const lines: string[] = [];
  for (const d of r.diagnostics) {
    lines.push(`${displayPath(r.dir, d.file, opts.cwd)}:${d.line}:${d.column}: ${sev(d.severity)} ${d.code} ${d.message}`);
    lines.push(paint.dim(`  fix: ${d.fix}`));
  }
  const f = opts.failure;
  if (f) lines.push(`${displayPath(r.dir, f.file, opts.cwd)}:${f.line}:${f.column}: ${sev('error')} ${REJECTED_CODE} the dev database rejected this statement${f.sqlState ? ` [${f.sqlState}]` : ''}: ${f.message}`);
  for (const file of r.files) if (file.skipped) lines.push(paint.dim(`note: ${displayPath(r.dir, file.file, opts.cwd)}: ${file.skipped}`));
  for (const w of r.warnings) lines.push(paint.warning(`warning: ${w}`));
  lines.push(summary(r, f));
  return lines.join('\n');
}

/** summary: `2 errors, 1 warning in 3 files (41 statements)`, or that nothing was found. */
export function summary(r: LintResult, failure?: LintFailure): string {
  const n = (k: number, word: string) => `${k} ${word}${k === 1 ? '' : 's'}`;
  const statements = r.files.reduce((sum, f) => sum + f.statements, 0);
  const scope = `${n(r.files.length, 'file')} (${n(statements, 'statement')})`;
  const silenced = r.silenced > 0 ? `; ${r.silenced} silenced by nolint` : '';
  if (r.files.length === 0) return `no migration to lint (${describeSelection(r)})`;
  const c = r.counts;
  const found = [c.error && n(c.error, 'error'), c.warning && n(c.warning, 'warning'), c.info && `${c.info} info`].filter(Boolean).join(', ');
  const stopped = failure ? `; stopped at ${failure.file}:${failure.line}, which the dev database rejected` : '';
  return `${found || 'no findings'} in ${scope}${silenced}${stopped}`;
}

function describeSelection(r: LintResult): string {
  const s = r.selection;
  switch (s.mode) {
    case 'latest': return 'the directory has no migrations';
    case 'git-base': return `no migration added or changed since ${s.gitBase} (merge-base ${s.mergeBase.slice(0, 12)})`;
    case 'files': return 'no files named';
    default: return assertNever(s, 'selection');
  }
}
