/**
 * Cairn's library entry point. Every CLI command is a function here with typed options and
 * results; errors are CairnError with a stable `code` (see errors.ts).
 */
export { defineConfig } from './config/types.js';
export type { CairnConfig, CairnOptions } from './config/types.js';
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

// SQL lexer.
export { splitStatements, parseDirectives } from './sql/lexer.js';
export { POSTGRES_LEXER, MYSQL_LEXER, SQLITE_LEXER } from './sql/presets.js';
export type { Statement, SplitResult, LexerOptions, Directives } from './sql/types.js';

// Databases.
export { connect, dialectFor } from './dialects/registry.js';
export { redactUrl } from './dialects/url.js';
export type { Connection, Dialect, Capabilities } from './dialects/types.js';

// The runner.
export { apply } from './commands/apply.js';
export { status } from './commands/status.js';
export { down } from './commands/down.js';
export { set } from './commands/set.js';
export { createMigrator, migrate } from './commands/migrator.js';
