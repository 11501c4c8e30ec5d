/**
 * Atlas: `atlas_schema_revisions(version, description, type, applied, total, executed_at,
 * execution_time, error, error_stmt, hash, partial_hashes, operator_version)`. Atlas puts it in
 * the schema (PostgreSQL) or database (MySQL) the URL is bound to, and otherwise in a schema or
 * database of its own named `atlas_schema_revisions`; on SQLite in the main database. Both
 * places are tried, the URL's first.
 *
 * - `hash` is the migration file's atlas.sum entry (the running SHA-256 over the directory up to
 *   that file, which later files never change), so it is recomputed from the directory in its
 *   format's sum rules, as Atlas does for golang-migrate, goose, Flyway… directories too.
 * - `applied < total` or an `error` is a partial migration that Atlas would resume: refused.
 * - `type` is a bit set: 1 baseline (`--baseline`: everything up to it counts as done), 2 run, 4
 *   resolved (`migrate set`: recorded without running).
 * - The version `.atlas_cloud_identifiers` (and any starting with a dot) is Atlas's own row.
 */
import { computeSum } from '../../sum/index.js';
import type { AdoptTool, ToolContext, ToolEntry, ToolRow } from '../types.js';
import { integer, text } from '../values.js';

const BASELINE = 1;

/** The atlas.sum entry of every file of the directory, by file name. */
function sumEntries(ctx: ToolContext): Map<string, string> {
  const { dir } = ctx.loaded;
  return new Map(computeSum(dir.format.sumFiles(dir.listing)).entries.map((e) => [e.file, e.hash]));
}

function entries(rows: readonly ToolRow[], ctx: ToolContext): ToolEntry[] {
  let sums: Map<string, string> | undefined;
  const sorted = [...rows].sort((a, b) => ctx.loaded.compare(text(a.version) ?? '', text(b.version) ?? ''));
  return sorted.map((r): ToolEntry => {
    const version = text(r.version) ?? '';
    if (version.startsWith('.')) return { key: version, checksum: 'absent', ignored: true, note: "Atlas's own row" };
    const m = ctx.loaded.migrations.find((x) => x.version === version);
    const applied = Number(integer(r.applied) ?? 0);
    const total = Number(integer(r.total) ?? 0);
    const error = text(r.error);
    const type = Number(integer(r.type) ?? 2);
    const stored = text(r.hash) ?? '';
    let entry: ToolEntry = { key: version, ...(m ? { migration: m } : {}), checksum: 'absent' };
    if (m && stored !== '') {
      sums ??= sumEntries(ctx);
      const computed = sums.get(m.source.up.file);
      entry = { ...entry, checksum: computed === stored ? 'verified' : 'mismatch', ...(computed !== stored ? { note: `stored hash ${stored}, the directory's ${computed ?? '(file not hashed)'}` } : {}) };
    }
    if (type & BASELINE) return { ...entry, baseline: true, note: `atlas baseline at ${version}` };
    if (applied < total || (error !== null && error !== '')) {
      return { ...entry, problem: `partial: ${applied} of ${total} statements applied${error ? `, error: ${error.split('\n', 1)[0]}` : ''}; finish it with \`atlas migrate apply\` (or repair by hand and \`atlas migrate set\`)` };
    }
    return entry;
  });
}

export const atlasTool: AdoptTool = {
  name: 'atlas',
  label: 'Atlas',
  tables: [{ table: 'atlas_schema_revisions' }, { schema: 'atlas_schema_revisions', table: 'atlas_schema_revisions' }],
  columns: ['version', 'description', 'type', 'applied', 'total', 'error', 'hash'],
  entries,
  dropHint: 'DROP TABLE {table} (and the schema atlas_schema_revisions, when Atlas made one)',
};
