/** `cairn apply` as a library call: see migrate/runner/apply.ts for the rules. */
import { runApply } from '../migrate/runner/apply.js';
import type { ApplyOptions, ApplyResult } from '../migrate/runner/types.js';

export type { ApplyOptions, ApplyResult };

/** apply applies pending migrations under the lock; throws CairnError (MIGRATION_FAILED carries partial progress). */
export function apply(opts: ApplyOptions): Promise<ApplyResult> {
  return runApply(opts);
}
