/**
 * A small stand-in for the lint engine, for the PostgreSQL lock rules' tests: it runs a history
 * on a real database, inspects it, then runs each statement of a migration file one at a time,
 * inspecting after each, and builds the `StatementPass`es the engine would build (with the
 * engine's own reading of renames, `changesMade`). The rules are
 * pure functions of those passes, so this is all they need; end-to-end runs through `lint()`
 * live beside it.
 */
import { connect, extensionsIn } from '../../src/dialects/registry.js';
import type { Connection } from '../../src/dialects/types.js';
import { postgresDialect } from '../../src/dialects/postgres/dialect.js';
import { postgresSchemaEngine } from '../../src/dialects/postgres/plan-engine.js';
import { changesMade } from '../../src/lint/walk.js';
import { splitStatements } from '../../src/sql/lexer.js';
import { POSTGRES_LEXER } from '../../src/sql/presets.js';
import type { FileInfo, FilePass, LintRule, StatementPass } from '../../src/lint/types.js';
import type { Realm } from '../../src/schema/model.js';
import type { Change } from '../../src/diff/changes.js';

/** One database kept open for a whole test file and emptied before each case. */
export interface LintDb {
  readonly conn: Connection;
  /** The server's major version (15 for the local server, PGlite's own). */
  readonly major: number;
  readonly label: string;
  close(): Promise<void>;
}

export async function openLintDb(url: string, extensions: readonly string[] = []): Promise<LintDb> {
  const conn = await connect(url, { extensions: extensionsIn(url, extensions.map((e) => `CREATE EXTENSION ${e}`)) });
  const [{ v }] = await conn.query<{ v: string }>('SELECT current_setting(\'server_version\') AS v');
  const major = Number(v.split('.')[0]);
  return { conn, major, label: `PostgreSQL ${v.split(' ')[0]}`, close: () => conn.close() };
}

async function inspect(conn: Connection): Promise<Realm> {
  return postgresSchemaEngine.inspect(conn, {});
}

/** The file the statements are in: wrapped in a transaction unless `-- atlas:txmode none`. */
export interface CaseFile {
  /** Migrations already applied: what the deployed application has. */
  readonly history?: string;
  /** The migration under review. */
  readonly file: string;
  readonly name?: string;
}

/**
 * buildPasses empties the database, runs the history, then the file statement by statement
 * (each on its own, as the lint engine runs them on its dev database), and returns the file's
 * pass. `inTransaction` follows the runner: the whole file unless it says `txmode none`, and
 * inside a `txmode none` file only between an explicit BEGIN and COMMIT.
 */
export async function buildPasses(db: LintDb, c: CaseFile): Promise<FilePass> {
  await postgresDialect.resetDatabase(db.conn);
  for (const s of splitStatements(c.history ?? '', POSTGRES_LEXER).statements) await db.conn.exec(s.text);
  const deployed = await inspect(db.conn);
  const split = splitStatements(c.file, POSTGRES_LEXER);
  const file: FileInfo = {
    name: c.name ?? '20240101000000_change.sql',
    version: '20240101000000',
    noTransaction: split.directives.noTransaction,
    server: { major: db.major, label: db.label },
  };
  const statements: StatementPass[] = [];
  const newTables = new Set<string>();
  let before = deployed;
  let explicit = false;
  for (const [index, statement] of split.statements.entries()) {
    const word = statement.text.trim().split(/\s+/, 1)[0].toUpperCase();
    if (!file.noTransaction && (word === 'BEGIN' || word === 'COMMIT' || word === 'START')) {
      throw new Error('a wrapped file with its own BEGIN/COMMIT: not a case these tests build');
    }
    if (word === 'BEGIN' || word === 'START') explicit = true;
    const inTransaction = !file.noTransaction || explicit;
    if (word === 'COMMIT' || word === 'END' || word === 'ROLLBACK') explicit = false;
    // BEGIN/COMMIT themselves are not run: every statement runs on its own, so that one the
    // runner would reject in a transaction still shows its effect to the rules.
    if (!['BEGIN', 'START', 'COMMIT', 'END', 'ROLLBACK'].includes(word)) await db.conn.exec(statement.text);
    const after = await inspect(db.conn);
    const changes = changesMade(postgresSchemaEngine, before, after, statement.text);
    trackNewTables(newTables, changes, deployed);
    statements.push({ statement, index, before, after, changes, newTables: new Set(newTables), deployed, inTransaction, file });
    before = after;
  }
  return { file, statements };
}

const key = (t: { schema: string; name: string }) => `${t.schema}.${t.name}`;

/**
 * trackNewTables keeps `newTables` as the lint engine does (src/lint/walk.ts): tables created
 * under review, followed through renames, and gone once dropped.
 */
function trackNewTables(tables: Set<string>, changes: readonly Change[], deployed: Realm): void {
  const deployedKeys = new Set(deployed.schemas.flatMap((s) => s.tables.map(key)));
  for (const c of changes) {
    if (c.kind === 'AddTable') tables.add(key(c.table));
    else if (c.kind === 'DropTable') tables.delete(key(c.table));
    else if (c.kind === 'RenameTable' && tables.delete(key(c.from)) && !deployedKeys.has(key(c.to))) tables.add(key(c.to));
  }
}

/** A finding as the tests compare them: the code and the 1-based line of the statement. */
export type Flag = `${string}@${number}`;

/** runRules runs each rule over the file (statement rules, then file rules) and lists `CODE@line`. */
export function runRules(rules: readonly LintRule[], p: FilePass): Flag[] {
  const out: Flag[] = [];
  for (const rule of rules) {
    for (const s of p.statements) for (const f of rule.checkStatement?.(s) ?? []) out.push(`${rule.code}@${p.statements[f.statement ?? s.index].statement.start.line}`);
    for (const f of rule.checkFile?.(p) ?? []) out.push(`${rule.code}@${p.statements[f.statement ?? 0].statement.start.line}`);
  }
  return out.sort();
}
