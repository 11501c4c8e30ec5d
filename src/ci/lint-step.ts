/**
 * The lint step of `cairn ci`: `lint` over this branch's new migrations, as one check. An
 * error-level diagnostic fails it; warnings and notes are reported and pass.
 */
import { join, resolve } from 'node:path';
import type { LintConfig } from '../config/types.js';
import { CairnError } from '../errors.js';
import type { Diagnostic } from '../lint/types.js';
import type { LintResult } from '../lint/result.js';
import type { FormatName } from '../migrate/dir/types.js';
import type { TxMode } from '../migrate/runner/types.js';

export interface LintStepOptions {
  readonly dir: string;
  readonly format?: FormatName;
  /** The files under review, relative to the directory. */
  readonly files: readonly string[];
  /** The dev database ci chose (lint replays the history before each file there). */
  readonly devUrl: string;
  readonly config?: LintConfig;
  readonly txMode?: TxMode;
  readonly createRoles?: boolean;
}

export interface LintStep {
  readonly status: 'passed' | 'failed' | 'skipped';
  readonly message: string;
  readonly diagnostics: readonly Diagnostic[];
}

/** lintNewFiles lints the branch's new migrations, each against the history before it. */
export async function lintNewFiles(o: LintStepOptions): Promise<LintStep> {
  if (o.files.length === 0) return { status: 'skipped', message: 'no new migrations to lint', diagnostics: [] };
  // Loaded lazily: the lint engine and its rules cost nothing to a ci run without new files.
  const { lint } = await import('../commands/lint.js');
  const dir = resolve(o.dir);
  try {
    const r = await lint({
      dir, dirFormat: o.format, files: o.files.map((f) => join(dir, f)), cwd: dir,
      devUrl: o.devUrl, config: o.config, txMode: o.txMode, createRoles: o.createRoles,
    });
    return verdict(r.diagnostics);
  } catch (e) {
    if (!(e instanceof CairnError)) throw e;
    // A statement the dev database rejects ends the analysis: what came before it still counts.
    const before = (e.details.lint as LintResult | undefined)?.diagnostics ?? [];
    if (e.code === 'SUM_MISMATCH' || e.code === 'SUM_MISSING') {
      return { status: 'skipped', message: 'not linted: atlas.sum does not match the directory (see validate)', diagnostics: [] };
    }
    return { status: 'failed', message: `lint stopped: ${e.message}${before.length ? `; before that: ${summary(before)}` : ''}`, diagnostics: before };
  }
}

function summary(diagnostics: readonly Diagnostic[]): string {
  const count = (s: Diagnostic['severity']) => diagnostics.filter((d) => d.severity === s).length;
  return [[count('error'), 'error(s)'], [count('warning'), 'warning(s)'], [count('info'), 'note(s)']]
    .filter(([n]) => n !== 0).map(([n, what]) => `${n} ${what}`).join(', ');
}

function verdict(diagnostics: readonly Diagnostic[]): LintStep {
  if (diagnostics.length === 0) return { status: 'passed', message: 'no findings', diagnostics };
  const errors = diagnostics.some((d) => d.severity === 'error');
  return { status: errors ? 'failed' : 'passed', message: summary(diagnostics), diagnostics };
}
