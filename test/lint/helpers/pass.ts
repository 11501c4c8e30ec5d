/**
 * Lint passes for rule tests, built the way the lint engine builds them but without it: run the
 * `history` SQL on a fresh database of the target, inspect (the deployed schema), then run each
 * statement of the file under review, inspecting after each, and diff the two realms with the
 * dialect's hooks. Rules are pure functions of these passes, so a test can call one rule and
 * assert on exactly what it reports, against schemas a real server produced.
 *
 * Renames: the differ needs hints to see a rename; a single statement that drops one table (or
 * column) and adds a similar one while saying RENAME or CHANGE made a rename, so the pass is
 * diffed again with that hint, as the engine does.
 */
import { connect, dialectFor } from '../../../src/dialects/registry.js';
import type { Connection, Dialect } from '../../../src/dialects/types.js';
import { splitStatements } from '../../../src/sql/lexer.js';
import { scopedEngine } from '../../../src/engine/scoped.js';
import type { SchemaEngine } from '../../../src/engine/types.js';
import { diffRealms } from '../../../src/diff/diff.js';
import type { RenameHint } from '../../../src/diff/renames.js';
import type { Change } from '../../../src/diff/changes.js';
import type { Realm } from '../../../src/schema/model.js';
import type { FileInfo, FilePass, Finding, LintRule, StatementPass } from '../../../src/lint/types.js';
import { controlsTransactions, needsNoTransaction, txEffect } from '../../../src/migrate/runner/statements.js';
import { TARGETS, type TargetName, type TestDb } from '../../helpers/db.js';

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
  /** Builds the file pass of one case on a fresh database (or a cleaned one). */
  passes(c: LintCase): Promise<FilePass>;
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

async function buildPasses(conn: Connection, dialect: Dialect, engine: SchemaEngine, server: FileInfo['server'], c: LintCase): Promise<FilePass> {
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
    const changes = changesOf(engine, before, after, statement.text);
    for (const ch of changes) {
      if (ch.kind === 'AddTable') newTables.add(key(ch.table));
      if (ch.kind === 'RenameTable' && newTables.has(key(ch.from)) && !tableIn(deployed, ch.to)) newTables.add(key(ch.to));
    }
    statements.push(Object.freeze({
      statement, index, before, after, changes, newTables: new Set(newTables), deployed, inTransaction: wrapped || (ownTx && effect === 'none'), file,
    }));
    if (effect === 'close') ownTx = false;
    before = after;
  }
  return { file, statements };
}

const tableIn = (r: Realm, t: { schema: string; name: string }) => r.schemas.some((s) => s.name === t.schema && s.tables.some((x) => x.name === t.name));

/** changesOf diffs two realms, reading a RENAME/CHANGE statement's drop + add as the rename it is. */
export function changesOf(engine: SchemaEngine, before: Realm, after: Realm, text: string): Change[] {
  const plain = diffRealms(before, after, { hooks: engine.diffHooks, allowDrop: true });
  if (!/\b(RENAME|CHANGE)\b/i.test(text)) return plain;
  const hints: RenameHint[] = [];
  const droppedTables = plain.filter((c) => c.kind === 'DropTable');
  const addedTables = plain.filter((c) => c.kind === 'AddTable');
  if (droppedTables.length === 1 && addedTables.length === 1) {
    const [d, a] = [droppedTables[0]!, addedTables[0]!];
    if (d.kind === 'DropTable' && a.kind === 'AddTable' && d.table.schema === a.table.schema) hints.push({ schema: a.table.schema, from: d.table.name, to: a.table.name });
  }
  for (const d of plain) {
    if (d.kind !== 'DropColumn') continue;
    const adds = plain.filter((a) => a.kind === 'AddColumn' && a.table.schema === d.table.schema && a.table.name === d.table.name);
    if (adds.length === 1 && adds[0]!.kind === 'AddColumn') hints.push({ schema: d.table.schema, table: d.table.name, from: d.column.name, to: adds[0]!.column.name });
  }
  return hints.length === 0 ? plain : diffRealms(before, after, { hooks: engine.diffHooks, allowDrop: true, renames: hints });
}

/** A finding with the 1-based line of the statement it is about. */
export interface Located extends Finding {
  readonly code: string;
  readonly line: number;
  readonly text: string;
}

/** runRules runs rules over a file pass as the engine does (statement rules, then file rules). */
export function runRules(rules: readonly LintRule[], fp: FilePass): Located[] {
  const out: Located[] = [];
  const at = (code: string, f: Finding, i: number) => {
    const p = fp.statements[f.statement ?? i]!;
    out.push({ ...f, code, line: p.statement.start.line, text: p.statement.text });
  };
  for (const r of rules) {
    for (const p of fp.statements) for (const f of r.checkStatement?.(p) ?? []) at(r.code, f, p.index);
    for (const f of r.checkFile?.(fp) ?? []) at(r.code, f, 0);
  }
  return out.sort((a, b) => a.line - b.line || a.code.localeCompare(b.code));
}

/** codesAt lists `CODE@line` for compact assertions. */
export const codesAt = (found: readonly Located[]): string[] => found.map((f) => `${f.code}@${f.line}`);
