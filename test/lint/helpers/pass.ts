/**
 * Lint passes for rule tests, built the way the lint engine builds them but without it: run the
 * `history` SQL on a fresh database of the target, inspect (the deployed schema), then run each
 * statement of the file under review, inspecting after each, and diff the two realms with the
 * dialect's hooks. Rules are pure functions of these passes, so a test can call one rule and
 * assert on exactly what it reports, against schemas a real server produced.
 *
 * Renames and new tables follow the engine's rules (src/lint/walk.ts `changesMade`: a statement
 * that says RENAME or CHANGE renamed what it drops and adds; a new table renamed onto a deployed
 * one's name is not new). The engine's own tests cover the walk; these passes let a rule test
 * assert on exactly one rule against schemas a real server produced.
 */
import { connect, dialectFor } from '../../../src/dialects/registry.js';
import type { Connection, Dialect } from '../../../src/dialects/types.js';
import { splitStatements } from '../../../src/sql/lexer.js';
import { scopedEngine } from '../../../src/engine/scoped.js';
import type { SchemaEngine } from '../../../src/engine/types.js';
import { changesMade } from '../../../src/lint/walk.js';
import type { Realm } from '../../../src/schema/model.js';
import type { FileInfo, FilePass, Finding, LintRule, StatementPass } from '../../../src/lint/types.js';
import { controlsTransactions, needsNoTransaction, txEffect } from '../../../src/migrate/runner/statements.js';
import { analyze } from '../../../src/lint/engine.js';
import type { WalkedFile } from '../../../src/lint/walk.js';
import { TARGETS, type TargetName, type TestDb } from '../../helpers/db.js';

/** A file pass and its header's `nolint` directive (as the engine reads it). */
export type LintedPass = FilePass & { readonly nolint?: readonly string[] };

export interface LintCase {
  /** SQL already applied: the deployed schema (and rows, if it inserts some). */
  readonly history?: string;
  /** The migration file under review. */
  readonly file: string;
  /** The file's name (default `2_change.sql`). */
  readonly name?: string;
}

/** A database to lint on: its connection, engine and server, reused across cases of a test file. */
export interface LintDb {
  readonly target: TargetName;
  readonly dialect: Dialect;
  readonly engine: SchemaEngine;
  readonly server: FileInfo['server'];
  /** Builds the file pass of one case on a fresh database (or a cleaned one), with the file header's nolint. */
  passes(c: LintCase): Promise<LintedPass>;
  close(): Promise<void>;
}

/** openLintDb makes a throwaway database of `target` for a test file; `close` drops it. */
export async function openLintDb(target: TargetName): Promise<LintDb> {
  const db: TestDb = target === 'sqlite' ? { url: 'sqlite::memory:', name: ':memory:', drop: async () => {} } : await TARGETS[target]();
  const dialect = dialectFor(db.url);
  const engine = scopedEngine(await dialect.loadSchemaEngine!());
  const conn = await connect(db.url);
  const server = await serverOf(conn, target);
  return {
    target, dialect, engine, server,
    passes: async (c) => {
      await dialect.resetDatabase(conn);
      return buildPasses(conn, dialect, engine, server, c);
    },
    close: async () => {
      await conn.close();
      await db.drop();
    },
  };
}

async function serverOf(conn: Connection, target: TargetName): Promise<FileInfo['server']> {
  const text = target === 'sqlite'
    ? String((await conn.query<{ v: string }>('SELECT sqlite_version() AS v'))[0]!.v)
    : target === 'mysql'
      ? String((await conn.query<{ v: string }>('SELECT VERSION() AS v'))[0]!.v)
      : String((await conn.query<{ v: string }>("SELECT current_setting('server_version') AS v"))[0]!.v);
  const m = /(\d+)\.(\d+)/.exec(text);
  const flavor = target === 'mysql' ? (/mariadb/i.test(text) ? 'mariadb' : 'mysql') : target === 'sqlite' ? 'sqlite' : 'postgres';
  const name = flavor === 'mariadb' ? 'MariaDB' : flavor === 'mysql' ? 'MySQL' : flavor === 'sqlite' ? 'SQLite' : 'PostgreSQL';
  const version = /\d+\.\d+(\.\d+)?/.exec(text)?.[0] ?? text;
  return { major: Number(m?.[1] ?? 0), minor: Number(m?.[2] ?? 0), label: `${name} ${version}`, flavor };
}

async function runAll(conn: Connection, dialect: Dialect, sql: string): Promise<void> {
  for (const s of splitStatements(sql, dialect.lexer).statements) await conn.exec(s.text);
}

const key = (t: { schema: string; name: string }) => `${t.schema}.${t.name}`;

async function buildPasses(conn: Connection, dialect: Dialect, engine: SchemaEngine, server: FileInfo['server'], c: LintCase): Promise<LintedPass> {
  if (c.history) await runAll(conn, dialect, c.history);
  const deployed = await engine.inspect(conn);
  const split = splitStatements(c.file, dialect.lexer);
  const steps = split.statements.map((s) => ({ text: s.text, file: '', line: s.start.line, column: s.start.column }));
  const name = c.name ?? '2_change.sql';
  const file: FileInfo = { name, version: name.split('_')[0]!, noTransaction: split.directives.noTransaction, server };
  const wrapped = dialect.capabilities.transactionalDdl && !file.noTransaction && !needsNoTransaction(steps) && !controlsTransactions(steps);
  const statements: StatementPass[] = [];
  const newTables = new Set<string>();
  let before = deployed;
  let ownTx = false;
  for (const [index, statement] of split.statements.entries()) {
    const effect = txEffect(statement.text);
    if (effect === 'open') ownTx = true;
    await conn.exec(statement.text);
    const after = await engine.inspect(conn);
    const changes = changesMade(engine, before, after, statement.text);
    for (const ch of changes) {
      if (ch.kind === 'AddTable') newTables.add(key(ch.table));
      else if (ch.kind === 'DropTable') newTables.delete(key(ch.table));
      else if (ch.kind === 'RenameTable' && newTables.delete(key(ch.from)) && !tableIn(deployed, ch.to)) newTables.add(key(ch.to));
    }
    statements.push(Object.freeze({
      statement, index, before, after, changes, newTables: new Set(newTables), deployed, inTransaction: wrapped || (ownTx && effect === 'none'), file,
    }));
    if (effect === 'close') ownTx = false;
    before = after;
  }
  return { file, statements, ...(split.directives.nolint ? { nolint: split.directives.nolint } : {}) };
}

const tableIn = (r: Realm, t: { schema: string; name: string }) => r.schemas.some((s) => s.name === t.schema && s.tables.some((x) => x.name === t.name));

/** A finding as lint reports it: the diagnostic, `nolint` applied. */
export interface Located extends Finding {
  readonly code: string;
  readonly line: number;
  readonly text: string;
}

/**
 * runRules runs rules over a file pass with the engine's own analysis (src/lint/engine.ts
 * `analyze`: statement rules, file rules, `nolint` comments, ordering), at their default
 * severities. Opt-in rules run only when asked for (`optIn`).
 */
export function runRules(rules: readonly LintRule[], fp: LintedPass, opts: { optIn?: boolean } = {}): Located[] {
  const active = rules.filter((r) => opts.optIn || !r.optIn).map((rule) => ({ rule, severity: rule.severity }));
  const walked = { migration: undefined, pass: fp, ...(fp.nolint ? { nolint: fp.nolint } : {}) } as unknown as WalkedFile;
  return analyze([walked], active).diagnostics.map((d) => ({ code: d.code, line: d.line, text: d.statement, message: d.message, fix: d.fix }));
}

/** codesAt lists `CODE@line` for compact assertions. */
export const codesAt = (found: readonly Located[]): string[] => found.map((f) => `${f.code}@${f.line}`);
