/**
 * Drizzle: `__drizzle_migrations(id, hash, created_at)`, in the `drizzle` schema on PostgreSQL
 * and in the connection's database on MySQL and SQLite. Drizzle writes `hash` = SHA-256 (hex)
 * of the migration file's text and `created_at` = the journal entry's `when` (ms), and its
 * migrator decides by time alone: every journal entry whose `when` is at most the newest
 * `created_at` counts as applied. Cairn matches each row to the journal entry with that `when`
 * and verifies the hash; a journal entry at or below the newest `created_at` without a row of its
 * own is a gap (Drizzle would never run it, yet nothing says it ran).
 */
import { createHash } from 'node:crypto';
import { JOURNAL } from '../../dir/formats/drizzle.js';
import type { DirMigration } from '../../runner/session.js';
import type { AdoptTool, ToolContext, ToolEntry, ToolRow } from '../types.js';
import { integer, text } from '../values.js';

/** The journal's `when` of each tag, for a Drizzle directory (empty for any other format). */
function journalTimes(ctx: ToolContext): Map<string, string> {
  const out = new Map<string, string>();
  const { listing } = ctx.loaded.dir;
  if (!listing.subdirs.includes('meta') || !listing.listSubdir('meta').includes(JOURNAL)) return out;
  const j = JSON.parse(listing.readFile(JOURNAL).bytes.toString('utf8')) as { entries?: { tag?: unknown; when?: unknown }[] };
  for (const e of j.entries ?? []) if (typeof e.tag === 'string' && e.when !== undefined) out.set(e.tag, String(e.when));
  return out;
}

export function drizzleHash(file: Buffer): string {
  return createHash('sha256').update(file.toString('utf8')).digest('hex');
}

function entries(rows: readonly ToolRow[], ctx: ToolContext): ToolEntry[] {
  const times = journalTimes(ctx);
  const byTime = new Map<string, DirMigration>();
  for (const m of ctx.loaded.migrations) {
    const when = times.get(m.version);
    if (when !== undefined) byTime.set(when, m);
  }
  const sorted = [...rows].sort((a, b) => Number(integer(a.created_at) ?? 0) - Number(integer(b.created_at) ?? 0) || Number(integer(a.id) ?? 0) - Number(integer(b.id) ?? 0));
  return sorted.map((r): ToolEntry => {
    const when = integer(r.created_at) ?? text(r.created_at) ?? '';
    const m = byTime.get(when);
    const stored = text(r.hash) ?? '';
    const key = `created_at ${when} (id ${text(r.id)})`;
    if (!m) {
      return { key, checksum: 'absent', ...(times.size === 0 ? { note: 'the directory has no Drizzle journal (meta/_journal.json) to read `when` from' } : {}) };
    }
    const computed = drizzleHash(ctx.loaded.dir.listing.readFile(m.source.up.file).bytes);
    return { key, migration: m, checksum: stored === '' ? 'absent' : stored === computed ? 'verified' : 'mismatch' };
  });
}

export const drizzleTool: AdoptTool = {
  name: 'drizzle',
  label: 'Drizzle',
  tables: [{ schema: 'drizzle', table: '__drizzle_migrations' }, { table: '__drizzle_migrations' }],
  columns: ['id', 'hash', 'created_at'],
  entries,
  dropHint: 'DROP TABLE {table} (on PostgreSQL also DROP SCHEMA drizzle, when nothing else is in it)',
};
