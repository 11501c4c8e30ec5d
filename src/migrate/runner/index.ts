/** The runner's public surface; commands/ and the package index re-export from here. */
export { runApply } from './apply.js';
export { runStatus, type FullStatus } from './status.js';
export { runDown } from './down.js';
export { runSet } from './set.js';
export { MemoryRevisionStore, SqlRevisionStore, type RevisionStore, type RevisionState } from './store.js';
export { analyze, assertHistory, planApply, isPartial, isAttempt, isComplete, type HistoryAnalysis, type ApplyPlan, type PendingEntry, type PlanMigration } from './plan.js';
export { DEFAULT_REVISIONS_TABLE, FORMAT_VERSION, COLUMNS as REVISION_COLUMNS } from './revision-table.js';
export type { MigrationTx, LoadedCode } from '../code/code-migration.js';
export type * from './types.js';
