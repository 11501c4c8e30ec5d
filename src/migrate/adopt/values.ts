/**
 * Reading the other tool's column values the same way on every driver (pg returns bigint as
 * text and booleans as true/false, mysql2 and SQLite booleans as 1/0, text may come as a
 * Buffer), and the matching helpers several tools share.
 */
import type { DirMigration } from '../runner/session.js';

export function text(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  if (Buffer.isBuffer(v)) return v.toString('utf8');
  if (v instanceof Date) return v.toISOString();
  return String(v);
}

/** A whole number as exact text (`'20240101120000'`), or null. */
export function integer(v: unknown): string | null {
  const t = text(v);
  if (t === null) return null;
  const s = t.trim();
  return /^-?\d+$/.test(s) ? String(BigInt(s)) : null;
}

export function flag(v: unknown): boolean {
  if (typeof v === 'boolean') return v;
  if (typeof v === 'number' || typeof v === 'bigint') return Number(v) !== 0;
  const t = text(v)?.trim().toLowerCase();
  return t === '1' || t === 'true' || t === 't' || t === 'y' || t === 'yes';
}

/** The same number, whatever the zero padding: `000012` and `12`. Null when either is not a whole number. */
export function sameNumber(a: string, b: string): boolean | null {
  if (!/^\d+$/.test(a) || !/^\d+$/.test(b)) return null;
  return BigInt(a) === BigInt(b);
}

/** The directory migration whose version is the number `n` (golang-migrate, goose: versions are integers). */
export function byNumber(migrations: readonly DirMigration[], n: string): DirMigration | undefined {
  return migrations.find((m) => !m.repeatable && sameNumber(m.version, n) === true);
}

/** `{version}_{description}`, the file-name stem most formats give a migration (`20240101120000_add_users`). */
export function stem(m: DirMigration): string {
  return m.description ? `${m.version}_${m.description}` : m.version;
}

/** The last path segment of a name a tool stored (`db/changelog/001.sql` → `001.sql`). */
export function baseName(p: string): string {
  return p.replace(/\\/g, '/').split('/').pop() ?? p;
}
