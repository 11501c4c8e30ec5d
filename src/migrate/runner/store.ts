/**
 * Revision stores. The runner's decisions (plan.ts) are pure functions over `Revision[]`; a
 * store only reads and writes rows. `SqlRevisionStore` is the table in the target database;
 * `MemoryRevisionStore` backs unit tests and dry reasoning about a history.
 */
import type { Connection, RevisionTableName } from '../../dialects/types.js';
import { CairnError } from '../../errors.js';
import type { Revision } from './types.js';
import {
  createTableSql, decodeRows, FORMAT_VERSION, metaRow, selectAllSql, writer, type BoundSql, type RawRow, type Writer,
} from './revision-table.js';

export interface RevisionState {
  /** Whether the revision table exists. */
  readonly exists: boolean;
  /** The table format recorded in its meta row; null when the row is missing. */
  readonly format: number | null;
  readonly revisions: readonly Revision[];
}

export interface RevisionStore {
  read(): Promise<RevisionState>;
  /**
   * Creates the table and its meta row if missing (call under the lock, after every check that
   * can refuse: this is apply's first write); returns the full state. `known`, a full read made
   * under the same lock, saves the round trips when the table is already complete.
   */
  ensure(cairnVersion: string, known?: RevisionState): Promise<RevisionState>;
  put(r: Revision): Promise<void>;
  remove(version: string): Promise<void>;
}

/** assertWritable refuses a table written by a newer Cairn (its layout may differ). */
export function assertWritable(state: RevisionState, table: string): void {
  if (state.format !== null && state.format > FORMAT_VERSION) {
    throw new CairnError('REVISION_TABLE', `revision table ${table} has format ${state.format}, newer than this Cairn understands (${FORMAT_VERSION})`, {
      details: { format: state.format, known: FORMAT_VERSION },
      hint: 'upgrade Cairn to the version that last migrated this database',
    });
  }
}

/** SqlRevisionStore reads the whole table in one query and writes rows with bound parameters. */
export class SqlRevisionStore implements RevisionStore {
  readonly bound: Writer;
  readonly literal: Writer;
  readonly label: string;

  constructor(
    readonly conn: Connection,
    readonly name: RevisionTableName,
    /** The refusal when there is no schema to create the table in (revision-place.ts). */
    private readonly unplaced?: () => CairnError,
  ) {
    this.bound = writer(conn.dialect, name, false);
    this.literal = writer(conn.dialect, name, true);
    this.label = conn.dialect.qualify(name);
  }

  /**
   * read tries the SELECT first (`light`: PLAN_COLUMNS only, for deciding whether anything is
   * pending; rows then lack down SQL and statement hashes) and only asks whether the table exists when it fails, so an
   * up-to-date database costs exactly one round trip here.
   */
  async read(opts: { light?: boolean } = {}): Promise<RevisionState> {
    const sql = selectAllSql(this.conn.dialect, this.name, opts.light);
    let rows: RawRow[];
    try {
      rows = await this.conn.query<RawRow>(sql);
    } catch (e) {
      if (!(await this.conn.dialect.revisionTableExists(this.conn, this.name))) return { exists: false, format: null, revisions: [] };
      // Another runner may have created the table between the two queries: read once more.
      try {
        rows = await this.conn.query<RawRow>(sql);
      } catch {
        const info = this.conn.dialect.errorInfo(e);
        throw new CairnError('REVISION_TABLE', `cannot read revision table ${this.label}: ${info.message}`, { cause: e, details: { sqlState: info.code } });
      }
    }
    return { exists: true, ...decodeRows(rows) };
  }

  async ensure(cairnVersion: string, known?: RevisionState): Promise<RevisionState> {
    if (known?.exists && known.format !== null) return known;
    if (this.unplaced) throw this.unplaced();
    for (const sql of createTableSql(this.conn.dialect, this.name)) await this.conn.exec(sql);
    const state = await this.read();
    assertWritable(state, this.label);
    if (state.format !== null) return state;
    await this.run(this.bound.insert(metaRow(cairnVersion, new Date().toISOString())));
    return { ...state, format: FORMAT_VERSION };
  }

  async put(r: Revision): Promise<void> {
    await this.run(this.bound.remove(r.version));
    await this.run(this.bound.insert(r));
  }

  async remove(version: string): Promise<void> {
    await this.run(this.bound.remove(version));
  }

  async run(b: BoundSql): Promise<void> {
    await this.conn.query(b.sql, b.params);
  }
}

/** MemoryRevisionStore keeps rows in a Map; versions are unique like the table's primary key. */
export class MemoryRevisionStore implements RevisionStore {
  private readonly rows = new Map<string, Revision>();
  private created = false;

  constructor(initial: readonly Revision[] = []) {
    for (const r of initial) this.rows.set(r.version, r);
    this.created = initial.length > 0;
  }

  async read(): Promise<RevisionState> {
    return { exists: this.created, format: this.created ? FORMAT_VERSION : null, revisions: [...this.rows.values()] };
  }
  async ensure(): Promise<RevisionState> {
    this.created = true;
    return this.read();
  }
  async put(r: Revision): Promise<void> {
    this.rows.set(r.version, r);
  }
  async remove(version: string): Promise<void> {
    this.rows.delete(version);
  }
}
