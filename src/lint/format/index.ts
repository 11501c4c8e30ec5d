/** The output formats of `cairn lint`, by name. */
import { assertNever } from '../../errors.js';
import type { LintFailure, LintResult } from '../result.js';
import { formatGithub } from './github.js';
import { formatSarif } from './sarif.js';
import { formatText, type Paint } from './text.js';

export type LintFormat = 'text' | 'json' | 'github' | 'sarif';
export const LINT_FORMATS: readonly LintFormat[] = ['text', 'json', 'github', 'sarif'];

export interface FormatOptions {
  /** Paths are printed relative to this directory. */
  readonly cwd: string;
  /** The statement the dev database rejected, when analysis stopped early. */
  readonly failure?: LintFailure;
  /** Colours for `text`. */
  readonly paint?: Paint;
}

/** formatLint renders a result. `json` is the result itself (with `failure` when there is one). */
export function formatLint(r: LintResult, format: LintFormat, opts: FormatOptions): string {
  switch (format) {
    case 'text': return formatText(r, opts);
    case 'json': return JSON.stringify(opts.failure ? { ...r, failure: opts.failure } : r, null, 2);
    case 'github': return formatGithub(r, opts);
    case 'sarif': return formatSarif(r, opts);
    default: return assertNever(format, 'lint format');
  }
}

export type { Paint } from './text.js';
