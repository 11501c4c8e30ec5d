/** `cairn set` as a library call: move the recorded version without running SQL. */
import { runSet } from '../migrate/runner/set.js';
import type { SetOptions, SetResult } from '../migrate/runner/types.js';

export type { SetOptions, SetResult };

export function set(opts: SetOptions): Promise<SetResult> {
  return runSet(opts);
}
