/**
 * status: what is applied, pending, partial and unknown. Reads without the lock (a consistent
 * read of one table) and never throws on a mismatch: it reports edited and missing files so a
 * user sees everything that apply would refuse (`integrity` lists them; the CLI exits 3).
 */
import { analyze, isPartial } from './plan.js';
import { withSession, type LoadedDir } from './session.js';
import type { MigrationKind, Revision, RevisionSummary, StatusResult, TargetOptions } from './types.js';

/** An applied revision whose migration is not in the directory. */
export interface MissingRevision extends RevisionSummary {
  /** Hash of the migration as it was applied (find the file in version control by it or by `file`). */
  readonly hash: string;
  /** The file name this directory's format gives the migration, where the name follows from version and description. */
  readonly file?: string;
}

export interface FullStatus extends StatusResult {
  /** Applied migrations whose file changed since (apply refuses these). */
  readonly edited: readonly { readonly version: string; readonly file: string; readonly stored: string; readonly current: string }[];
  /** Applied migrations whose file is gone from the directory, inside its range of versions. */
  readonly missing: readonly MissingRevision[];
  /**
   * Applied revisions newer than the directory's newest migration: files deleted since, or
   * migrations of a newer checkout of the directory. The revision table cannot tell the two
   * apart, so the CLI reports both as missing from the directory, saying which could be which.
   */
  readonly unknown: readonly MissingRevision[];
  /** Whether apply would refuse this history (edited, missing or unknown revisions): CLI exit 3. */
  readonly integrity: boolean;
}

export function summary(r: Revision, loaded?: LoadedDir): RevisionSummary {
  const m = loaded?.migrations.find((x) => x.version === r.version);
  return {
    version: r.version, description: r.description, kind: r.kind, ...(m ? { migrationKind: migrationKind(m.source.kind) } : {}),
    applied: r.applied, total: r.total, error: r.error, finishedAt: r.finishedAt,
  };
}

export function migrationKind(kind: 'sql' | 'ts'): MigrationKind {
  return kind === 'ts' ? 'code' : 'sql';
}

/** Formats whose file names are `{version}_{description}…`, so a gone file's name follows from its row. */
const NAMED_BY_VERSION = new Set(['atlas', 'golang-migrate', 'goose', 'dbmate']);

/** missingRevision: the summary of a row without a file, with its hash and the file it had. */
export function missingRevision(r: Revision, loaded: LoadedDir): MissingRevision {
  const f = loaded.dir.format;
  let file: string | undefined;
  if (NAMED_BY_VERSION.has(f.name)) {
    try {
      file = f.render({ version: r.version, description: r.description, up: '' })[0]?.name;
    } catch {
      file = undefined;
    }
  }
  return { ...summary(r), hash: r.hash, ...(file !== undefined ? { file } : {}) };
}

export async function runStatus(opts: TargetOptions): Promise<FullStatus> {
  return withSession(opts, async (s, loaded) => {
    const state = await s.firstRead();
    const a = analyze(loaded.migrations, state.revisions, loaded.compare);
    const partial = a.partial[0];
    const files = new Map(loaded.migrations.map((m) => [m.version, m.source.up.file]));
    return {
      current: a.current,
      applied: a.applied.map((r) => summary(r, loaded)),
      // A pending migration whose last run failed and left nothing applied keeps that error as information.
      pending: a.pending
        .filter((p) => p.revision === undefined || !isPartial(p.revision))
        .map((p) => ({
          version: p.migration.version, description: p.migration.description, migrationKind: migrationKind(p.migration.source.kind),
          ...(p.revision?.error ? { lastError: p.revision.error } : {}),
        })),
      ...(partial ? { partial: summary(partial, loaded) } : {}),
      unknown: a.unknown.map((r) => missingRevision(r, loaded)),
      edited: a.edited.map((e) => ({ version: e.revision.version, file: files.get(e.revision.version) ?? '', stored: e.revision.hash, current: e.currentHash })),
      missing: a.missing.map((r) => missingRevision(r, loaded)),
      integrity: a.edited.length + a.missing.length + a.unknown.length > 0,
      target: s.target,
    };
  }, { prefetch: true });
}
