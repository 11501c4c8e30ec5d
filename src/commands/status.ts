/** `cairn status` as a library call. */
import { runStatus, type FullStatus } from '../migrate/runner/status.js';
import type { TargetOptions } from '../migrate/runner/types.js';

export type { FullStatus as StatusResult };

/**
 * status reports applied, pending, partial, unknown, edited and missing migrations; it changes
 * nothing. `integrity` is true when apply would refuse the history (the CLI exits 3).
 */
export function status(opts: TargetOptions): Promise<FullStatus> {
  return runStatus(opts);
}
