/**
 * goose: `goose_db_version(id, version_id, is_applied, tstamp)`. goose appends a row per up and
 * (before v3.16) per down, so the latest row of a version (highest id) decides: `is_applied`
 * false means rolled back, hence not applied. The row of version 0 is goose's own (written when
 * it creates the table). No checksum is kept.
 */
import type { AdoptTool, ToolContext, ToolEntry, ToolRow } from '../types.js';
import { byNumber, flag, integer, text } from '../values.js';

function entries(rows: readonly ToolRow[], ctx: ToolContext): ToolEntry[] {
  const latest = new Map<string, ToolRow>();
  const sorted = [...rows].sort((a, b) => compareIds(integer(a.id), integer(b.id)));
  for (const r of sorted) latest.set(integer(r.version_id) ?? text(r.version_id) ?? '', r);
  const out: ToolEntry[] = [];
  for (const [version, r] of latest) {
    if (version === '0') {
      out.push({ key: 'version 0', checksum: 'absent', ignored: true, note: "goose's own row, written when it created the table" });
      continue;
    }
    const m = byNumber(ctx.loaded.migrations, version);
    if (!flag(r.is_applied)) {
      out.push({ key: `version ${version}`, ...(m ? { migration: m } : {}), checksum: 'absent', ignored: true, note: 'rolled back (latest row has is_applied = false)' });
      continue;
    }
    out.push({ key: `version ${version}`, ...(m ? { migration: m } : {}), checksum: 'absent' });
  }
  return out;
}

function compareIds(a: string | null, b: string | null): number {
  const x = BigInt(a ?? 0);
  const y = BigInt(b ?? 0);
  return x < y ? -1 : x > y ? 1 : 0;
}

export const gooseTool: AdoptTool = {
  name: 'goose',
  label: 'goose',
  tables: [{ table: 'goose_db_version' }],
  columns: ['id', 'version_id', 'is_applied', 'tstamp'],
  entries,
  dropHint: 'DROP TABLE {table}',
};
