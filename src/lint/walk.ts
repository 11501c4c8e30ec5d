/**
 * The walk: lint's view of each statement under review. The history before the first file
 * under review is replayed in one go (replayMigrations) and inspected: that is the deployed
 * schema. Then every statement of every file under review runs on the dev database on its own,
 * and the database is inspected after it, so a rule sees the schema before and after each
 * statement and the changes between them. A statement that cannot change the schema (DML, a
 * SET) is not followed by an inspection. Migrations in between that are not under review (an
 * older file edited on the branch) are replayed whole.
 *
 * The dev database runs each statement in autocommit (and a file's own BEGIN/COMMIT as
 * written), not inside the transaction the runner would open, so that one statement the
 * runner's transaction would refuse (a CONCURRENTLY index, a new enum value used at once) is
 * still analyzed and reported by its rule rather than stopping the walk; whether the runner
 * runs a statement in a transaction is `StatementPass.inTransaction`.
 */
import type { Change } from '../diff/changes.js';
import { diffRealms } from '../diff/diff.js';
import { withMissingRoles, type DevSession } from '../diff/devdb.js';
import { replayMigrations } from '../diff/replay.js';
import type { RenameHint } from '../diff/renames.js';
import { withSearchPath } from '../diff/search-path.js';
import type { Connection } from '../dialects/types.js';
import type { InspectScope, SchemaEngine } from '../engine/types.js';
import { CairnError } from '../errors.js';
import type { Migration } from '../migrate/dir/types.js';
import type { Realm } from '../schema/model.js';
import type { Statement } from '../sql/types.js';
import { renameHints } from './renames.js';
import { REJECTED_CODE, type LintFailure } from './result.js';
import { changesSchema, type FileStatements } from './statements.js';
import { txEffect } from '../sql/transactions.js';
import type { FileInfo, FilePass, StatementPass } from './types.js';

export type { TxEffect } from '../sql/transactions.js';

/** A long step of the walk starting, for a caller that shows progress (the same events `diff` sends). */
export type LintProgressEvent =
  | { readonly type: 'dev-start'; readonly embedded: boolean; readonly message: string }
  | { readonly type: 'replay'; readonly files: number; readonly message: string };

export interface WalkInput {
  readonly conn: Connection;
  readonly dev: DevSession;
  readonly engine: SchemaEngine;
  readonly scope: InspectScope;
  /** The directory (for TypeScript migrations' modules). */
  readonly dir: string;
  /** The directory's migrations in order, up to the last one under review. */
  readonly migrations: readonly Migration[];
  /** The migrations under review, split (a TypeScript migration with no statements). */
  readonly reviewed: ReadonlyMap<Migration, FileStatements>;
  /** Whether the runner wraps a file (that does not say otherwise) in a transaction: transactional DDL and txMode not `none`. */
  readonly wrapsFiles: boolean;
  /** search_path while statements run (`devSearchPath`); inspections run without it. */
  readonly searchPath?: string;
  readonly onProgress?: (e: LintProgressEvent) => void;
}

/** A file under review as walked. */
export interface WalkedFile {
  readonly migration: Migration;
  readonly pass: FilePass;
  /** The file header's nolint directive. */
  readonly nolint?: readonly string[];
  /** Why it was not walked statement by statement. */
  readonly skipped?: string;
}

export interface WalkOutput {
  readonly files: readonly WalkedFile[];
  readonly failure?: LintFailure;
  readonly server?: FileInfo['server'];
}

/** walk runs the history and the files under review on the dev database behind `input.conn`. */
export async function walk(input: WalkInput): Promise<WalkOutput> {
  const { conn, engine } = input;
  const server = await serverOf(conn);
  const first = input.migrations.findIndex((m) => input.reviewed.has(m));
  const history = input.migrations.slice(0, first);
  input.onProgress?.({ type: 'replay', files: history.length, message: `replaying ${history.length} migration(s) before the ones under review` });
  await run(input, () => replayMigrations(conn, history, { dir: input.dir, dev: input.dev }));
  const deployed = await engine.inspect(conn, input.scope);
  const deployedTables = new Set(deployed.schemas.flatMap((sc) => sc.tables.map(tableKey)));
  const state: WalkState = { current: deployed, stale: false, newTables: new Set(), deployedTables };
  const files: WalkedFile[] = [];
  for (const m of input.migrations.slice(first)) {
    const split = input.reviewed.get(m);
    if (split === undefined || m.kind !== 'sql') {
      await run(input, () => replayMigrations(conn, [m], { dir: input.dir, dev: input.dev }));
      state.stale = true;
      if (input.reviewed.has(m)) files.push({ migration: m, pass: { file: fileInfo(m, server), statements: [] }, skipped: 'a TypeScript migration: run whole on the dev database, its statements are not analyzed' });
      continue;
    }
    if (state.stale) {
      state.current = await engine.inspect(conn, input.scope);
      state.stale = false;
    }
    const r = await walkFile(input, m, split, deployed, state, server);
    files.push({ migration: m, pass: { file: fileInfo(m, server), statements: r.passes }, nolint: split.nolint });
    if (r.failure) return { files, failure: r.failure, server };
  }
  return { files, server };
}

interface WalkState {
  current: Realm;
  /** Something ran since `current` was inspected. */
  stale: boolean;
  /** Tables created by the files under review so far (`schema.name`). */
  newTables: Set<string>;
  /** The deployed schema's tables (`schema.name`). */
  readonly deployedTables: ReadonlySet<string>;
}

/** run runs `fn` with the search_path the statements need. */
function run<T>(input: WalkInput, fn: () => Promise<T>): Promise<T> {
  return withSearchPath(input.conn, input.searchPath, fn);
}

async function walkFile(input: WalkInput, m: Migration, split: FileStatements, deployed: Realm, state: WalkState, server: FileInfo['server']): Promise<{ passes: StatementPass[]; failure?: LintFailure }> {
  const { conn, engine } = input;
  const info = fileInfo(m, server);
  const statements = split.statements;
  const effects = statements.map((s) => txEffect(s.text));
  const ownTx = effects.some((e) => e !== 'none');
  // A file that starts by closing (Drizzle's SQLite `COMMIT; PRAGMA …; BEGIN;`) was written for
  // a runner that opened a transaction around it; the runner opens one, and so does the walk.
  const expectsOpen = ownTx && effects.find((e) => e !== 'none') === 'close';
  let runnerTx = ownTx ? expectsOpen : input.wrapsFiles && !m.noTransaction;
  let devTx = expectsOpen;
  if (expectsOpen) await conn.exec('BEGIN');
  const passes: StatementPass[] = [];
  for (const [i, s] of statements.entries()) {
    const before = state.current;
    const inTransaction = runnerTx;
    try {
      await run(input, () => withMissingRoles(conn, input.dev, () => conn.exec(s.text)));
    } catch (e) {
      if (devTx) await conn.exec('ROLLBACK').catch(() => undefined);
      return { passes, failure: rejected(conn, m, s, e) };
    }
    if (ownTx) {
      if (effects[i] === 'open') runnerTx = devTx = true;
      else if (effects[i] === 'close') runnerTx = devTx = false;
    }
    let after = before;
    let changes: readonly Change[] = [];
    if (changesSchema(s.text)) {
      after = await inspectAfter(engine, conn, input.scope, m, s);
      changes = changesMade(engine, before, after, s.text);
    }
    trackNewTables(state.newTables, changes, state.deployedTables);
    state.current = after;
    passes.push({ statement: s, index: i, before, after, changes, newTables: new Set(state.newTables), deployed, inTransaction, file: info });
  }
  if (devTx) await conn.exec('COMMIT');
  return { passes };
}

async function inspectAfter(engine: SchemaEngine, conn: Connection, scope: InspectScope, m: Migration, s: Statement): Promise<Realm> {
  try {
    return await engine.inspect(conn, scope);
  } catch (e) {
    if (!(e instanceof CairnError)) throw e;
    throw new CairnError(e.code, `inspecting the dev database after ${m.up.file}:${s.start.line}: ${e.message}`, { cause: e.cause ?? e, hint: e.hint, details: { ...e.details, file: m.up.file, line: s.start.line, version: m.version } });
  }
}

/**
 * changesMade: what a statement changed, renames as it made them (see renames.ts): a first
 * diff by name, then again with the renames its text names, until no new one comes.
 */
export function changesMade(engine: SchemaEngine, before: Realm, after: Realm, text: string): readonly Change[] {
  const opts = { hooks: engine.diffHooks, allowDrop: true, soleSchema: engine.soleSchema };
  let hints: RenameHint[] = [];
  let changes = diffRealms(before, after, opts);
  for (let round = 0; round < 3; round++) {
    const known = new Set(hints.map(hintKey));
    const more = renameHints(text, changes).filter((h) => !known.has(hintKey(h)));
    if (more.length === 0) break;
    hints = [...hints, ...more];
    changes = diffRealms(before, after, { ...opts, renames: hints });
  }
  return changes;
}

const hintKey = (h: RenameHint) => `${h.schema}\0${h.table ?? ''}\0${h.from}\0${h.to}`;

const tableKey = (t: { schema: string; name: string }) => `${t.schema}.${t.name}`;

/**
 * trackNewTables follows the tables created under review through renames and drops. A new
 * table renamed to the name of a deployed one replaces it (SQLite's rebuild: create
 * `__new_users`, copy the rows, drop `users`, rename) and holds its rows and its clients: it is
 * not new.
 */
function trackNewTables(tables: Set<string>, changes: readonly Change[], deployed: ReadonlySet<string>): void {
  for (const c of changes) {
    if (c.kind === 'AddTable') tables.add(tableKey(c.table));
    else if (c.kind === 'DropTable') tables.delete(tableKey(c.table));
    else if (c.kind === 'RenameTable' && tables.delete(tableKey(c.from)) && !deployed.has(tableKey(c.to))) tables.add(tableKey(c.to));
  }
}

function rejected(conn: Connection, m: Migration, s: Statement, e: unknown): LintFailure {
  if (e instanceof CairnError) {
    return { code: REJECTED_CODE, file: m.up.file, version: m.version, line: s.start.line, column: s.start.column, statement: s.text, message: e.message };
  }
  const info = conn.dialect.errorInfo(e);
  return {
    code: REJECTED_CODE, file: m.up.file, version: m.version, line: s.start.line, column: s.start.column, statement: s.text,
    message: info.message, ...(info.code ? { sqlState: info.code } : {}),
  };
}

function fileInfo(m: Migration, server: FileInfo['server']): FileInfo {
  return { name: m.up.file, version: m.version, noTransaction: m.noTransaction, ...(server ? { server } : {}) };
}

/**
 * serverOf names the dev database's server for version-dependent rules. The dialect's label
 * (`PostgreSQL 15`, `MariaDB 10.11`, `SQLite 3.45.1`) is read as family, major and minor: the
 * dialect's own `major` may encode more (MySQL's encodes the family).
 */
async function serverOf(conn: Connection): Promise<FileInfo['server']> {
  const v = await conn.dialect.devDatabase?.serverVersion(conn);
  if (v === undefined) return undefined;
  const m = /^(.*?)\s+(\d+)(?:\.(\d+))?/.exec(v.label);
  if (!m) return { major: v.major, label: v.label };
  return { major: Number(m[2]), ...(m[3] !== undefined ? { minor: Number(m[3]) } : {}), label: v.label, flavor: m[1].toLowerCase() };
}
