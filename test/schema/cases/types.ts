/**
 * The cross-dialect schema-change case table (Kysely style): one case id, per-dialect SQL. Each
 * dialect file (`postgres.ts`, `mysql.ts`, `sqlite.ts`) maps every case id of every file to
 * its `from`/`to` SQL, or to `notSupported(reason)` where that database truly lacks the feature;
 * a completeness test checks that no dialect leaves an id out. The shared runner (run.ts)
 * checks each case: apply up → inspect equals `to` → second diff empty → down returns to `from`,
 * and that `rows` (inserted after `from`) survive both ways when `data` says how to read them.
 */
export interface DialectCase {
  /** SQL of the starting schema (several statements). */
  readonly from: string;
  /** SQL of the desired schema. */
  readonly to: string;
  /** Rename hints as `cairn diff --rename` takes them for this dialect (`users.name=full_name`). */
  readonly renames?: readonly string[];
  /** Statements inserting rows after `from` is created (data must survive up and down). */
  readonly rows?: string;
  /** A query run after up and after down: the rows it returns must be the same both times (and as before up). */
  readonly data?: string;
}

export interface NotSupported {
  readonly notSupported: string;
}

export type CaseEntry = DialectCase | NotSupported;

/** A dialect's column of the table: case id → its SQL, or why it cannot have it. */
export type CaseTable = Readonly<Record<string, CaseEntry>>;

export const notSupported = (reason: string): NotSupported => ({ notSupported: reason });
export const isNotSupported = (e: CaseEntry): e is NotSupported => 'notSupported' in e;
