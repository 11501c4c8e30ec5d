/**
 * Liquibase: `DATABASECHANGELOG(ID, AUTHOR, FILENAME, DATEEXECUTED, ORDEREXECUTED, EXECTYPE,
 * MD5SUM, …)`, lower case on PostgreSQL, upper case on MySQL (where table names are
 * case-sensitive), either on SQLite. A changeset is identified by id, author and file: a row
 * matches the changeset of the directory with the same id and author in the file FILENAME names
 * (compared by its last path segment, since FILENAME is the path the changelog was included by,
 * or the file's `logicalFilePath`).
 *
 * - EXECTYPE `EXECUTED`, `RERAN` and `MARK_RAN` count as applied; `FAILED` and `SKIPPED` are
 *   refused; DATABASECHANGELOGLOCK.LOCKED set means an update runs (or crashed): refused.
 * - MD5SUM `9:…` (Liquibase ≥ 4.24) is recomputed for formatted SQL: the changeset's SQL is its
 *   lines minus Liquibase's own (`--comment`, `--rollback`, `--preconditions`, `--precondition-*`,
 *   `--validCheckSum`, `--property`, rollback blocks, `--ignoreLines`); its inner checksum is the
 *   MD5 of its UTF-8 bytes with every space, tab, CR and LF left out, and MD5SUM is `9:` + the
 *   MD5 of `9:<inner>:` (ChangeSet.generateCheckSum over the one change). Checked against a
 *   checksum Liquibase itself asserts. A changeset using changelog properties (`${…}`) is hashed
 *   by Liquibase after substitution, which Cairn cannot redo: not verified. Older checksum
 *   versions (`7:`, `8:`) are not reproduced: not verified (Liquibase rewrites them as `9:` on
 *   its next update).
 */
import { createHash } from 'node:crypto';
import { decodeFile } from '../../dir/text.js';
import type { DirMigration } from '../../runner/session.js';
import type { AdoptTool, ChecksumCheck, ToolContext, ToolEntry, ToolRow } from '../types.js';
import { baseName, flag, integer, text } from '../values.js';

const md5 = (b: Buffer | string) => createHash('md5').update(b).digest('hex');

/** Liquibase's v9 checksum of one formatted-SQL changeset's SQL text. */
export function liquibaseChecksumV9(sql: string): string {
  return liquibaseChangesetChecksum([liquibaseSqlChecksumV9(sql)]);
}

/** The v9 checksum of one SQL change (AbstractSQLChange): MD5 of its bytes without spaces, tabs, CRs and LFs. */
export function liquibaseSqlChecksumV9(sql: string): string {
  // Java's String.trim: every character up to U+0020 at either end (JavaScript's trim differs).
  const bytes = Buffer.from(sql.replace(/^[\u0000-\u0020]+|[\u0000-\u0020]+$/g, ''), 'utf8').filter((b) => b !== 0x20 && b !== 0x0a && b !== 0x0d && b !== 0x09);
  return `9:${md5(Buffer.from(bytes))}`;
}

/** A changeset's checksum from its changes' (ChangeSet.generateCheckSum): MD5 of `c1:c2:…:`, NFC-normalised. */
export function liquibaseChangesetChecksum(changes: readonly string[]): string {
  return `9:${md5(changes.map((c) => `${c}:`).join('').normalize('NFC'))}`;
}

// Liquibase's own line patterns (AbstractFormattedChangeLogParser), matched against whole lines.
const CHANGESET = /^\s*--[\s]*changeset\s+("[^"]+"|[^:]+):\s*("[^"]+"|\S+).*$/i;
const METADATA = [
  /^--[\s]*comment:? (.*)$/i,
  /^--[\s]*validCheckSum:? (.*)$/i,
  /^\s*--[\s]*rollback (.*)$/i,
  /^\s*--[\s]*preconditions(.*)$/i,
  /^\s*--[\s]*precondition-([a-zA-Z0-9-]+)( .*)?$/i,
  /^\s*--[\s]*property\s+(.*:.*)\s+(.*:.*).*$/i,
];
const ROLLBACK_BLOCK_START = /^\s*\/\*\s*liquibase\s*rollback\s*$/i;
const ROLLBACK_BLOCK_END = /^.*\*\/\s*$/;
const IGNORE_LINES = /^--[\s]*ignoreLines:(\w+)$/i;
const LOGICAL_PATH = /logicalFilePath:(\S*)/i;

interface Changeset {
  readonly author: string;
  readonly id: string;
  /** 1-based line of the `--changeset` line. */
  readonly line: number;
  /** The SQL Liquibase hashes. */
  readonly sql: string;
}

const unquote = (s: string) => s.replace(/^"(.*)"$/, '$1');

/** Parses a formatted-SQL file's changesets the way Liquibase splits them (only what the checksum needs). */
export function liquibaseChangesets(fileText: string): { changesets: Changeset[]; logicalFilePath?: string } {
  const lines = fileText.split(/\r\n|\r|\n/);
  const logical = LOGICAL_PATH.exec(lines.find((l) => /^\s*--\s*liquibase\s*formatted/i.test(l)) ?? '')?.[1];
  const changesets: Changeset[] = [];
  let current: { author: string; id: string; line: number; sql: string[] } | undefined;
  const close = () => current && changesets.push({ author: current.author, id: current.id, line: current.line, sql: current.sql.join('\n') });
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i]!;
    const ignore = IGNORE_LINES.exec(l);
    if (ignore) {
      if (ignore[1] === 'start') while (i + 1 < lines.length && !/^--[\s]*ignoreLines:end$/i.test(lines[++i]!));
      else if (/^\d+$/.test(ignore[1]!)) i += Number(ignore[1]);
      continue;
    }
    const cs = CHANGESET.exec(l);
    if (cs) {
      close();
      current = { author: unquote(cs[1]!.trim()), id: unquote(cs[2]!), line: i + 1, sql: [] };
      continue;
    }
    if (!current) continue;
    if (ROLLBACK_BLOCK_START.test(l)) {
      while (i + 1 < lines.length && !ROLLBACK_BLOCK_END.test(lines[++i]!));
      continue;
    }
    if (METADATA.some((re) => re.test(l))) continue;
    current.sql.push(l);
  }
  close();
  return { changesets, ...(logical ? { logicalFilePath: logical } : {}) };
}

/** Each directory changeset with the author and file Liquibase identifies it by. */
function directoryChangesets(ctx: ToolContext): { m: DirMigration; cs: Changeset; logical?: string }[] {
  const parsed = new Map<string, ReturnType<typeof liquibaseChangesets>>();
  const out: { m: DirMigration; cs: Changeset; logical?: string }[] = [];
  for (const m of ctx.loaded.migrations) {
    const file = m.source.up.file;
    let p = parsed.get(file);
    if (!p) {
      p = liquibaseChangesets(decodeFile(ctx.loaded.dir.listing.readFile(file)).text);
      parsed.set(file, p);
    }
    // The changeset a migration comes from is the last `--changeset` line before its SQL.
    const cs = p.changesets.filter((c) => c.line < m.source.up.line || (c.line === m.source.up.line && m.source.up.text === '')).pop();
    if (cs) out.push({ m, cs, ...(p.logicalFilePath ? { logical: p.logicalFilePath } : {}) });
  }
  return out;
}

function checksumOf(stored: string | null, cs: Changeset): { checksum: ChecksumCheck; note?: string } {
  if (stored === null || stored === '') return { checksum: 'absent' };
  if (!stored.startsWith('9:')) {
    return { checksum: 'not-verified', note: `checksum version ${stored.split(':', 1)[0]} is not reproduced (only 9, Liquibase ≥ 4.24); Liquibase rewrites it as 9 on its next update` };
  }
  if (cs.sql.includes('${')) return { checksum: 'not-verified', note: 'the changeset uses changelog properties (${…}), which Liquibase substitutes before hashing' };
  const computed = liquibaseChecksumV9(cs.sql);
  return computed === stored ? { checksum: 'verified' } : { checksum: 'mismatch', note: `stored ${stored}, the file's ${computed}` };
}

function entries(rows: readonly ToolRow[], ctx: ToolContext): ToolEntry[] {
  const known = directoryChangesets(ctx);
  const sorted = [...rows].sort((a, b) => Number(integer(a.orderexecuted) ?? 0) - Number(integer(b.orderexecuted) ?? 0));
  return sorted.map((r): ToolEntry => {
    const id = text(r.id) ?? '';
    const author = text(r.author) ?? '';
    const filename = text(r.filename) ?? '';
    const key = `${filename}::${id}::${author}`;
    const hit = known.find((k) => k.cs.id === id && k.cs.author === author && (baseName(filename) === baseName(k.m.source.up.file) || filename === k.logical));
    const exec = (text(r.exectype) ?? '').toUpperCase();
    const applied = exec === 'EXECUTED' || exec === 'RERAN' || exec === 'MARK_RAN';
    const sum = hit ? checksumOf(text(r.md5sum), hit.cs) : { checksum: 'absent' as const };
    return {
      key, ...(hit ? { migration: hit.m } : {}), ...sum,
      ...(!applied ? { problem: `EXECTYPE ${exec || '(empty)'}: ${exec === 'FAILED' ? 'the changeset failed' : exec === 'SKIPPED' ? 'Liquibase skipped it, so it did not run' : 'not a state Cairn knows as applied'}` } : {}),
    };
  });
}

export const liquibaseTool: AdoptTool = {
  name: 'liquibase',
  label: 'Liquibase',
  tables: [{ table: 'databasechangelog' }, { table: 'DATABASECHANGELOG' }],
  columns: ['id', 'author', 'filename', 'orderexecuted', 'exectype', 'md5sum'],
  entries,
  lock: {
    tables: (found) => (found === found.toUpperCase() ? ['DATABASECHANGELOGLOCK', 'databasechangeloglock'] : ['databasechangeloglock', 'DATABASECHANGELOGLOCK']),
    columns: ['locked'],
    held: (rows) => (rows.some((r) => flag(r.locked)) ? 'DATABASECHANGELOGLOCK.LOCKED is set: a Liquibase update holds the lock (or crashed holding it; `liquibase release-locks` clears it)' : undefined),
  },
  dropHint: 'DROP TABLE {table}; DROP TABLE DATABASECHANGELOGLOCK (databasechangeloglock on PostgreSQL)',
};
