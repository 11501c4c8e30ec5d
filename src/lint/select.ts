/**
 * Which migrations `cairn lint` reviews: the last N of the directory (`--latest N`, the
 * default being the last one), those a branch added or changed since it left a base branch
 * (`--git-base REF`), or the files named. Whatever the way, they are reviewed in the
 * directory's order, each against the history before it.
 */
import { realpathSync, statSync } from 'node:fs';
import { relative, resolve, sep } from 'node:path';
import { CairnError } from '../errors.js';
import type { Migration, MigrationDir } from '../migrate/dir/types.js';
import { changedSince, repoOf, resolveCommit } from '../migrate/dir/git.js';
import type { LintSelection } from './result.js';

export interface SelectionRequest {
  /** The last N migrations. */
  readonly latest?: number;
  /** Migrations added or changed since the merge-base of this ref and HEAD. */
  readonly gitBase?: string;
  /** Paths of migration files (relative to `cwd`). */
  readonly files?: readonly string[];
  /** Where relative `files` are resolved. */
  readonly cwd: string;
}

export interface Selected {
  readonly selection: LintSelection;
  /** In the directory's order. */
  readonly reviewed: readonly Migration[];
}

/** The number of latest migrations reviewed when nothing else is asked for. */
export const DEFAULT_LATEST = 1;

/** selectMigrations resolves the request against the directory; throws USAGE on a bad one. */
export async function selectMigrations(dir: MigrationDir, req: SelectionRequest): Promise<Selected> {
  const ways = [req.latest !== undefined, req.gitBase !== undefined, (req.files?.length ?? 0) > 0].filter(Boolean).length;
  if (ways > 1) throw new CairnError('USAGE', 'choose the files to lint one way: --latest N, --git-base REF, or file names');
  const all = dir.migrations.filter((m) => !m.repeatable);
  if (req.gitBase !== undefined) {
    const repo = await repoOf(dir.path);
    const { mergeBase, files } = await changedSince(repo, await resolveCommit(repo, req.gitBase));
    const changed = new Set(files);
    return { selection: { mode: 'git-base', gitBase: req.gitBase, mergeBase }, reviewed: all.filter((m) => changed.has(m.up.file)) };
  }
  if (req.files !== undefined && req.files.length > 0) return byName(dir, all, req.files, req.cwd);
  const latest = req.latest ?? DEFAULT_LATEST;
  if (!Number.isInteger(latest) || latest < 1) throw new CairnError('USAGE', `--latest must be a whole number of migrations, 1 or more; got ${latest}`);
  return { selection: { mode: 'latest', latest }, reviewed: all.slice(Math.max(0, all.length - latest)) };
}

/** byName maps paths to the migrations whose up part they are. */
function byName(dir: MigrationDir, all: readonly Migration[], files: readonly string[], cwd: string): Selected {
  const root = realpathSync(dir.path);
  const picked = new Set<Migration>();
  const names: string[] = [];
  for (const f of files) {
    const abs = resolve(cwd, f);
    let real: string;
    try {
      real = realpathSync(abs);
    } catch {
      throw new CairnError('USAGE', `${f}: no such file`, { details: { file: f } });
    }
    const rel = relative(root, real).split(sep).join('/');
    if (rel.startsWith('..') || resolve(root, rel) !== real) {
      throw new CairnError('USAGE', `${f} is outside the migration directory ${dir.path}`, {
        details: { file: f },
        hint: 'lint reviews migrations of the directory (--dir, or dir in cairn.config.ts) against the history before them',
      });
    }
    // A Prisma migration may be named by its folder.
    const isDir = statSync(real).isDirectory();
    const matches = all.filter((m) => m.up.file === rel || (isDir && m.up.file.startsWith(`${rel}/`)));
    if (matches.length === 0) {
      const down = all.find((m) => m.down?.file === rel);
      throw new CairnError('USAGE', down
        ? `${f} is the down part of migration ${down.version}; lint reviews up parts (${down.up.file})`
        : `${f} is not a migration of ${dir.path} (${dir.format.name} format)`, { details: { file: f } });
    }
    matches.forEach((m) => picked.add(m));
    names.push(rel);
  }
  return { selection: { mode: 'files', files: names }, reviewed: all.filter((m) => picked.has(m)) };
}
