/**
 * Cairn's library entry point. Every CLI command is a function here with typed options and
 * results; errors are CairnError with a stable `code` (see errors.ts).
 */
export { defineConfig, CONFIG_KEYS } from './config/types.js';
export type { CairnConfig, CairnOptions, ConfigValueSpec } from './config/types.js';
export { loadConfig } from './config/load.js';
export { CairnError, EXIT, exitCodeFor } from './errors.js';
export type { ErrorCode, ErrorDetails } from './errors.js';
export { CAIRN_VERSION } from './version.js';

// Migration directories, atlas.sum and the directory commands.
export type { FormatName, Migration, MigrationDir, DirFormat, DirFile, SqlPart } from './migrate/dir/types.js';
export { readMigrationDir } from './migrate/dir/read.js';
export { hash } from './commands/hash.js';
export { validate } from './commands/validate.js';
export { newMigration } from './commands/new.js';
export { importDir } from './commands/import.js';
export { init } from './commands/init.js';
export type { HashOptions, HashResult } from './commands/hash.js';
export type { ValidateOptions, ValidateResult } from './commands/validate.js';
export type { NewOptions, NewResult } from './commands/new.js';
export type { ImportOptions, ImportResult } from './commands/import.js';
export type { InitOptions, InitResult } from './commands/init.js';

// SQL lexer.
export { splitStatements, parseDirectives } from './sql/lexer.js';
export { POSTGRES_LEXER, MYSQL_LEXER, SQLITE_LEXER } from './sql/presets.js';
export type { Statement, SplitResult, LexerOptions, Directives } from './sql/types.js';

// Databases.
export { connect, dialectFor } from './dialects/registry.js';
export { redactUrl, redactSecrets } from './dialects/url.js';
export type { Connection, Dialect, Capabilities } from './dialects/types.js';

// The runner.
export { apply } from './commands/apply.js';
export { status } from './commands/status.js';
export { down } from './commands/down.js';
export { set } from './commands/set.js';
export { createMigrator, migrate } from './commands/migrator.js';
export { adopt, TOOL_NAMES } from './commands/adopt.js';
// The result types are what each command's `--json` prints (test/cli/result-types.test.ts).
export type { ApplyOptions, ApplyResult } from './commands/apply.js';
export type { StatusResult } from './commands/status.js';
export type { DownOptions, DownResult } from './commands/down.js';
export type { SetOptions, SetResult } from './commands/set.js';
export type { AdoptOptions, AdoptResult, AdoptMapping, ChecksumCheck, MappingStatus, ToolName } from './commands/adopt.js';
export type { TargetOptions, TxMode, ExecOrder, ProgressEvent } from './migrate/runner/types.js';
export type { Migrator, MigratorOptions } from './commands/migrator.js';

// Fan-out: one history applied to many databases (a targets file, a URL or schema per tenant, shards).
export { applyMany, statusMany, DEFAULT_CONCURRENCY } from './commands/apply-many.js';
export type {
  ApplyManyOptions, ApplyManyResult, StatusManyOptions, StatusManyResult, FanoutOptions, FanoutResult, FanoutEvent,
  ApplyTargetOutcome, ApplyTargetStatus, StatusTargetOutcome, StatusTargetStatus, TargetError,
} from './commands/apply-many.js';
export { parseTargets, parseTenants, urlTemplateTargets, schemaTemplateTargets, formatTargetsFile } from './migrate/fanout/targets.js';
export type { FanoutTarget, Tenant } from './migrate/fanout/targets.js';
export { parseShard, selectShard, shardOf } from './migrate/fanout/shard.js';
export type { Shard } from './migrate/fanout/shard.js';

// Code migrations: `export default defineMigration({ up(ctx), down?(ctx) })` in the directory.
export { defineMigration } from './migrate/code/define.js';
export type { CodeMigrationDefinition, InlineMigration, MigrationContext, MigrationFunction, MigrationLogger, SqlTag, SqlFragment, Row } from './migrate/code/define.js';

// The schema engine: diff and inspect.
export { diff } from './commands/diff.js';
export type { DiffOptions, DiffResult, DiffProgressEvent } from './commands/diff.js';
export { inspect } from './commands/inspect.js';
export type { InspectOptions, InspectResult, InspectFormat } from './commands/inspect.js';

// The development loop on a local database, and ER diagrams.
export { dev } from './commands/dev.js';
export type { DevOptions, DevResult } from './commands/dev.js';
export { reset } from './commands/reset.js';
export type { ResetOptions, ResetResult } from './commands/reset.js';
export { push } from './commands/push.js';
export type { PushOptions, PushPlan, PushResult } from './commands/push.js';
export { isLocalUrl, DEFAULT_LOCAL_URL } from './commands/local-target.js';
export { renderErd } from './schema/render-erd.js';
export type { ErdFormat } from './schema/render-erd.js';

// Lint: migrations reviewed against the schema they run on (the rule contract is in lint/types.ts).
export { lint, lintRules } from './commands/lint.js';
export type { LintOptions, LintResult, LintedFile, LintFailure, LintSelection, RuleInfo, LintCounts, LintProgressEvent } from './commands/lint.js';
export type { Diagnostic, Finding, LintRule, StatementPass, FilePass, FileInfo, Severity, RuleFamily } from './lint/types.js';
export type { LintConfig, LintLevel, LintNaming } from './config/types.js';
export { formatLint, LINT_FORMATS } from './lint/format/index.js';
export type { LintFormat } from './lint/format/index.js';

// CI: the checks of a pull-request job (atlas.sum, merge, upgrade, lint), and each on its own.
export { ci } from './commands/ci.js';
export type { CiOptions, CiResult, CiCheck, CheckStatus } from './commands/ci.js';
export { checkMergeable } from './ci/merge-check.js';
export type { MergeCheckOptions, MergeCheckResult, OrderReport } from './ci/merge-check.js';
export { checkUpgrade } from './ci/upgrade-check.js';
export type { UpgradeCheckOptions, UpgradeCheckResult, UpgradeFailure, ProductionCheckResult } from './ci/upgrade-check.js';
export type { MigrationRef, HistoryInput } from './ci/history.js';
export type { ReplayFailure } from './ci/replay-order.js';
