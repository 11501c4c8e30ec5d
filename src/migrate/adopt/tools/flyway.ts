/**
 * Flyway: `flyway_schema_history(installed_rank, version, description, type, script, checksum,
 * installed_by, installed_on, execution_time, success)`, read in `installed_rank` order.
 *
 * - `checksum` is Flyway's CRC32 of the script read line by line (Java's readLine: line ends
 *   `\n`, `\r` or `\r\n` are dropped, a leading BOM too), stored as a signed 32-bit integer; so
 *   it is the CRC32 of the file's UTF-8 text with every CR and LF removed.
 * - `success` false is a failed migration, which Flyway's `validate` refuses until `repair`:
 *   adopt refuses it too.
 * - Versions are compared as Flyway does (numeric parts, `1_1` = `1.1` = `1.1.0`); the stored
 *   version spells `_` as `.`.
 * - Row types: `SQL`, `JDBC`… are migrations; `BASELINE` (from `flyway baseline`) makes every
 *   migration up to its version count as done without having run, and becomes a Cairn baseline
 *   row; `SCHEMA` is Flyway's own record of creating schemas; `DELETE` (written by `repair` for
 *   a migration whose file is gone) and `UNDO_SQL` undo the earlier row of their version.
 * - Repeatable migrations (`R__x.sql`) have no version: the latest row of a script decides; when
 *   its checksum no longer matches the file, Flyway would run it again, so it stays pending.
 */
import { crc32 } from 'node:zlib';
import type { DirMigration } from '../../runner/session.js';
import type { AdoptTool, ToolContext, ToolEntry, ToolRow } from '../types.js';
import { baseName, flag, integer, text } from '../values.js';

/** Flyway's checksum of a script's bytes, as the signed integer it stores. */
export function flywayChecksum(bytes: Buffer): number {
  let t = bytes.toString('utf8');
  if (t.startsWith('\uFEFF')) t = t.slice(1);
  return crc32(Buffer.from(t.replace(/[\r\n]/g, ''), 'utf8')) | 0;
}

/** Flyway's version identity: numeric parts without leading zeros, trailing zero parts dropped. */
export function flywayVersionKey(v: string): string | null {
  if (!/^\d+([._]\d+)*$/.test(v)) return null;
  return v.split(/[._]/).map((s) => String(BigInt(s))).join('.').replace(/(\.0)+$/, '');
}

function versioned(ctx: ToolContext, version: string, script: string): DirMigration | undefined {
  const key = flywayVersionKey(version);
  const byFile = ctx.loaded.migrations.find((m) => !m.repeatable && m.source.up.file === baseName(script));
  return byFile ?? ctx.loaded.migrations.find((m) => !m.repeatable && key !== null && flywayVersionKey(m.version) === key);
}

function repeatable(ctx: ToolContext, script: string): DirMigration | undefined {
  const name = baseName(script);
  return ctx.loaded.migrations.find((m) => m.repeatable && (m.source.up.file === name || `${m.version}.sql` === name));
}

function entries(rows: readonly ToolRow[], ctx: ToolContext): ToolEntry[] {
  const sorted = [...rows].sort((a, b) => Number(integer(a.installed_rank) ?? 0) - Number(integer(b.installed_rank) ?? 0));
  // The entry each version (or repeatable script) ends with, in rank order of its last row.
  const current = new Map<string, ToolEntry>();
  const own: ToolEntry[] = [];
  for (const r of sorted) {
    const type = (text(r.type) ?? '').toUpperCase();
    const version = text(r.version);
    const script = text(r.script) ?? '';
    const rank = text(r.installed_rank);
    if (type === 'SCHEMA') {
      own.push({ key: `rank ${rank}: ${script}`, checksum: 'absent', ignored: true, note: "Flyway's record of creating its schemas" });
      continue;
    }
    const slot = version === null ? `R:${baseName(script)}` : `V:${flywayVersionKey(version) ?? version}`;
    if (type === 'DELETE' || (type.startsWith('UNDO') && flag(r.success))) {
      current.delete(slot);
      continue;
    }
    const key = version ?? script;
    if (!flag(r.success)) {
      const failed = version === null ? repeatable(ctx, script) : versioned(ctx, version, script);
      current.delete(slot);
      current.set(slot, { key, ...(failed ? { migration: failed } : {}), checksum: 'absent', problem: `failed (success = false, rank ${rank}): run \`flyway repair\` after fixing the database, or fix it and re-run Flyway` });
      continue;
    }
    if (type === 'BASELINE') {
      const m = version === null ? undefined : versioned(ctx, version, '');
      current.set(slot, { key: `${version} (${script})`, ...(m ? { migration: m } : {}), checksum: 'absent', baseline: true, ...(version !== null ? { version } : {}), note: `flyway baseline at ${version}` });
      continue;
    }
    const m = version === null ? repeatable(ctx, script) : versioned(ctx, version, script);
    const stored = integer(r.checksum);
    let entry: ToolEntry = { key, ...(m ? { migration: m } : {}), checksum: 'absent' };
    if (m && stored !== null) {
      const computed = flywayChecksum(ctx.loaded.dir.listing.readFile(m.source.up.file).bytes);
      const same = String(computed) === stored;
      entry = { ...entry, checksum: same ? 'verified' : 'mismatch', ...(!same ? { note: `stored checksum ${stored}, file's ${computed}` } : {}) };
      if (!same && version === null) entry = { ...entry, outdated: true, note: `changed since Flyway ran it (stored checksum ${stored}, file's ${computed}): Flyway would run it again` };
    }
    current.delete(slot);
    current.set(slot, entry);
  }
  return [...own, ...current.values()];
}

export const flywayTool: AdoptTool = {
  name: 'flyway',
  label: 'Flyway',
  tables: [{ table: 'flyway_schema_history' }],
  columns: ['installed_rank', 'version', 'description', 'type', 'script', 'checksum', 'success'],
  entries,
  dropHint: 'DROP TABLE {table}',
};
