/**
 * Prisma: `_prisma_migrations(id, checksum, finished_at, migration_name, logs, rolled_back_at,
 * started_at, applied_steps_count)`. The key is the migration folder name; the checksum is the
 * SHA-256 (hex) of `migration.sql`. Prisma's own rules, from its schema engine:
 *  - a checksum matches the script as it is, with CRLF turned into LF, or LF into CRLF (git
 *    rewrites line ends), and old Prisma versions wrote the hex without zero padding (a checksum
 *    shorter than 64 characters is compared in that form);
 *  - the latest row of a name decides (a migration can be retried after `migrate resolve`):
 *    `finished_at` NULL without `rolled_back_at` is a failed migration, which `migrate deploy`
 *    refuses too; a row with `rolled_back_at` set was marked rolled back, so Prisma would run it
 *    again: it is not applied (pending, or a gap when a later one was applied).
 */
import { createHash } from 'node:crypto';
import type { DirMigration } from '../../runner/session.js';
import type { AdoptTool, ChecksumCheck, ToolContext, ToolEntry, ToolRow } from '../types.js';
import { stem, text } from '../values.js';

/** Prisma's checksum of a script: lower-case hex; `legacy` drops each byte's leading zero as Prisma < 2.23 did. */
export function prismaChecksum(script: Buffer, legacy = false): string {
  const digest = createHash('sha256').update(script).digest();
  return legacy ? [...digest].map((b) => b.toString(16)).join('') : digest.toString('hex');
}

export function prismaChecksumMatches(script: Buffer, stored: string): boolean {
  const s = script.toString('utf8');
  const variants = [script, Buffer.from(s.replace(/\r\n/g, '\n'), 'utf8'), Buffer.from(s.replace(/\n/g, '\r\n'), 'utf8')];
  const legacy = stored.length > 0 && stored.length !== 64;
  return variants.some((v) => prismaChecksum(v, legacy) === stored.toLowerCase());
}

function find(name: string, ctx: ToolContext): DirMigration | undefined {
  // A Prisma directory's version is the folder name; a directory converted to another format
  // keeps it as `{version}_{description}`.
  return ctx.loaded.migrations.find((m) => m.version === name) ?? ctx.loaded.migrations.find((m) => stem(m) === name);
}

function entries(rows: readonly ToolRow[], ctx: ToolContext): ToolEntry[] {
  const latest = new Map<string, ToolRow>();
  const ordered = [...rows].sort((a, b) => String(text(a.started_at)).localeCompare(String(text(b.started_at))));
  for (const r of ordered) latest.set(text(r.migration_name) ?? '', r);
  const out: ToolEntry[] = [];
  for (const [name, r] of latest) {
    const m = find(name, ctx);
    if (text(r.rolled_back_at) !== null) {
      // Marked rolled back: Prisma applies it again, so it is not part of the applied history.
      out.push({ key: name, ...(m ? { migration: m } : {}), checksum: 'absent', ignored: true, note: `marked rolled back at ${text(r.rolled_back_at)}: Prisma would apply it again` });
      continue;
    }
    const stored = text(r.checksum) ?? '';
    let checksum: ChecksumCheck = 'absent';
    if (m && stored !== '') checksum = prismaChecksumMatches(ctx.loaded.dir.listing.readFile(m.source.up.file).bytes, stored) ? 'verified' : 'mismatch';
    const failed = text(r.finished_at) === null;
    out.push({
      key: name, ...(m ? { migration: m } : {}), checksum,
      ...(failed ? { problem: `failed: started ${text(r.started_at)}, never finished (${Number(r.applied_steps_count ?? 0)} step(s) applied)${text(r.logs) ? `: ${firstLine(text(r.logs)!)}` : ''}` } : {}),
    });
  }
  return out;
}

function firstLine(s: string): string {
  return s.trim().split('\n', 1)[0]!.slice(0, 200);
}

export const prismaTool: AdoptTool = {
  name: 'prisma',
  label: 'Prisma',
  tables: [{ table: '_prisma_migrations' }],
  columns: ['id', 'checksum', 'finished_at', 'migration_name', 'logs', 'rolled_back_at', 'started_at', 'applied_steps_count'],
  entries,
  dropHint: 'DROP TABLE {table}',
};
