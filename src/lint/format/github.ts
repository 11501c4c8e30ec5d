/**
 * The `github` format: GitHub Actions workflow commands, one per diagnostic, which the runner
 * turns into annotations on the pull request's diff (`::error file=…,line=…,col=…,title=DS103::…`).
 * Values are escaped as the runner reads them: `%`, CR and LF in the message; also `:` and `,`
 * in properties. `info` diagnostics are notices. A summary line follows, as plain log text.
 */
import type { LintFailure, LintResult } from '../result.js';
import { REJECTED_CODE } from '../result.js';
import type { Severity } from '../types.js';
import { displayPath } from './paths.js';
import { summary } from './text.js';

const COMMAND: Readonly<Record<Severity, string>> = { error: 'error', warning: 'warning', info: 'notice' };

/** escapeData escapes a workflow command's message. */
export function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** escapeProperty escapes a workflow command's property value (file, title). */
export function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

function annotation(kind: string, props: { file: string; line: number; col: number; title: string }, message: string): string {
  const p = `file=${escapeProperty(props.file)},line=${props.line},col=${props.col},title=${escapeProperty(props.title)}`;
  return `::${kind} ${p}::${escapeData(message)}`;
}

export function formatGithub(r: LintResult, opts: { cwd: string; failure?: LintFailure }): string {
  const lines = r.diagnostics.map((d) => annotation(COMMAND[d.severity], { file: displayPath(r.dir, d.file, opts.cwd), line: d.line, col: d.column, title: d.code }, `${d.message}\nfix: ${d.fix}`));
  const f = opts.failure;
  if (f) lines.push(annotation('error', { file: displayPath(r.dir, f.file, opts.cwd), line: f.line, col: f.column, title: REJECTED_CODE }, `the dev database rejected this statement${f.sqlState ? ` [${f.sqlState}]` : ''}: ${f.message}`));
  for (const w of r.warnings) lines.push(`::warning::${escapeData(w)}`);
  lines.push(summary(r, f));
  return lines.join('\n');
}
