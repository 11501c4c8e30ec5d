/** `cairn adopt` as a library call: see migrate/adopt/ for the rules and each tool's reading. */
import { runAdopt } from '../migrate/adopt/run.js';
import type { AdoptMapping, AdoptOptions, AdoptResult, ChecksumCheck, MappingStatus, ToolName } from '../migrate/adopt/types.js';

export { TOOL_NAMES } from '../migrate/adopt/types.js';
export type { AdoptMapping, AdoptOptions, AdoptResult, ChecksumCheck, MappingStatus, ToolName };

/**
 * adopt records, as Cairn revisions, the migrations another tool applied to `url`, after
 * matching every entry of that tool's history table to a migration of `dir`. It throws
 * CairnError HISTORY_MISMATCH, writing nothing, when an entry is dirty, failed or partial, a
 * checksum does not match, an entry matches no migration, a migration was skipped, or Cairn's own
 * rows disagree; with `dryRun` it returns those problems in the result instead and writes nothing.
 */
export function adopt(opts: AdoptOptions): Promise<AdoptResult> {
  return runAdopt(opts);
}
