/** `cairn down` as a library call: rolls back with the down SQL stored in the revision table. */
import { runDown } from '../migrate/runner/down.js';
import type { DownOptions, DownResult } from '../migrate/runner/types.js';

export type { DownOptions, DownResult };

export function down(opts: DownOptions): Promise<DownResult> {
  return runDown(opts);
}
