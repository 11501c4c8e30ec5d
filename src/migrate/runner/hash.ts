/**
 * Hashes the runner stores. Both are SHA-256, base64.
 *
 * `migrationHash` identifies what a migration runs: its up SQL text (a TypeScript migration: the
 * module's source). We hash the migration itself rather than reuse its atlas.sum entry, because
 * sum entries are cumulative (each one covers every file before it), so adding an older file on
 * another branch would make every later applied file look edited.
 *
 * `runningHashes` gives, after each statement, a hash of all statements so far. A partial
 * revision stores them, so a rerun resumes only if the statements it would skip are the ones that
 * ran (same text, same order).
 */
import { createHash } from 'node:crypto';

export function sha256(text: string | Buffer): string {
  return createHash('sha256').update(text).digest('base64');
}

/** migrationHash is the stored identity of a migration's up side. */
export function migrationHash(kind: 'sql' | 'ts', source: string | Buffer): string {
  return createHash('sha256').update(kind).update('\0').update(source).digest('base64');
}

/** runningHashes returns one hash per statement; entry i covers statements 0..i. */
export function runningHashes(statements: readonly string[]): string[] {
  const out: string[] = [];
  let prev = '';
  for (const s of statements) {
    prev = createHash('sha256').update(prev).update('\0').update(s).digest('base64');
    out.push(prev);
  }
  return out;
}
