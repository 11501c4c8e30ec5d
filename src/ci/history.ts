/**
 * The two histories `cairn ci` compares: the migration directory as this branch has it (the work
 * tree) and as the base branch has it (a git ref, or another directory), with what the branch
 * added, what it edited or removed of the base's, and the two orders its migrations can reach a
 * database in:
 *
 * - **base first**: what production does. It has the base's directory applied; this branch's
 *   new files run after it, whatever their versions.
 * - **version order**: what a new database does (a fresh environment, a test database, a
 *   colleague's laptop): every file of the merged directory in the format's version order.
 *
 * The two are the same sequence unless a new file sorts below the base's newest version (the
 * branch was merged out of order); then the merge check proves whether both orders build the
 * same schema.
 */
import { resolve } from 'node:path';
import { CairnError } from '../errors.js';
import { getFormat } from '../migrate/dir/formats/index.js';
import { readListing } from '../migrate/dir/listing.js';
import { parseListing } from '../migrate/dir/read.js';
import type { DirListing, FormatName, Migration, MigrationDir } from '../migrate/dir/types.js';
import { listingAt, mergeBase, repoOf, resolveCommit, type GitCommit } from '../migrate/dir/git.js';

/** Where the base's directory comes from: a git ref (`origin/main`), or a directory on disk (a checkout of the base). */
export interface HistoryInput {
  /** The branch's migration directory (the work tree). */
  readonly dir: string;
  /** The base branch, as a git ref: its directory is read from git, never checked out. */
  readonly gitBase?: string;
  /** The base's migration directory on disk, instead of a git ref (library use, tests). */
  readonly baseDir?: string;
  /** The directory's format; detected from the branch's directory when absent. */
  readonly format?: FormatName;
}

/** A migration, as reports name it. */
export interface MigrationRef {
  readonly version: string;
  /** The file, relative to the migration directory. */
  readonly file: string;
}

export interface Histories {
  /** The branch's directory. */
  readonly head: MigrationDir;
  /** The base's directory. */
  readonly base: MigrationDir;
  /** The base commit (with --git-base), and the commit the branch forked from it at. */
  readonly baseCommit?: GitCommit;
  readonly forkCommit?: GitCommit;
  /** Said when something had to be assumed (no merge base in a shallow clone). */
  readonly notes: readonly string[];
  /** This branch's new migrations, in its directory's order. */
  readonly added: readonly Migration[];
  /** Migrations the base gained since the branch forked, which the branch does not have yet. */
  readonly baseAdded: readonly Migration[];
  /** Migrations of the base that this branch deleted. */
  readonly removed: readonly Migration[];
  /** Migrations of the base whose up part this branch changed (production will not run them again). */
  readonly edited: readonly Migration[];
  /** The base's newest migration (its last in directory order). */
  readonly baseNewest?: Migration;
  /** New migrations that sort below the base's newest: merged out of order. */
  readonly outOfOrder: readonly Migration[];
  /** Production's order: the base's directory, then the new migrations. */
  readonly baseFirst: readonly Migration[];
  /** A new database's order: the merged directory in version order. */
  readonly versionOrder: readonly Migration[];
}

export const refOf = (m: Migration): MigrationRef => ({ version: m.version, file: m.up.file });

/** readHistories reads both directories and works out what the branch changed (see the file comment). */
export async function readHistories(input: HistoryInput): Promise<Histories> {
  const headListing = readListing(resolve(input.dir));
  const head = parseListing(headListing, input.format ? { format: input.format } : {});
  const format = input.format ?? head.format.name;
  const notes: string[] = [];
  let baseListing: DirListing;
  let forkListing: DirListing | undefined;
  let baseCommit: GitCommit | undefined;
  let forkCommit: GitCommit | undefined;
  if (input.gitBase !== undefined) {
    const repo = await repoOf(resolve(input.dir));
    baseCommit = await resolveCommit(repo, input.gitBase);
    forkCommit = await mergeBase(repo, baseCommit);
    baseListing = await listingAt(repo, baseCommit);
    if (forkCommit === undefined) {
      notes.push(`HEAD and ${input.gitBase} have no merge base in this clone (a shallow clone?): every migration of the base that this branch lacks is taken as removed by it; fetch the full history (fetch-depth: 0) to tell them apart from migrations the base added since`);
    } else if (forkCommit.sha !== baseCommit.sha) {
      forkListing = await listingAt(repo, forkCommit);
    }
  } else if (input.baseDir !== undefined) {
    baseListing = readListing(resolve(input.baseDir));
  } else {
    throw new CairnError('USAGE', 'a check against the base branch needs the base: pass --git-base REF (e.g. origin/main)', {
      hint: 'in a pull request job: --git-base origin/$GITHUB_BASE_REF (GitHub Actions) or origin/$CI_MERGE_REQUEST_TARGET_BRANCH_NAME (GitLab)',
    });
  }
  const base = parseBase(baseListing, format);
  const fork = forkListing ? parseBase(forkListing, format) : base;
  return compare(head, base, fork, { baseCommit, forkCommit, notes });
}

/** parseBase parses the base's listing in the branch's format (an empty listing has no format of its own). */
function parseBase(listing: DirListing, format: FormatName): MigrationDir {
  if (listing.files.length === 0 && listing.subdirs.length === 0) {
    return { path: listing.path, format: getFormat(format), listing, migrations: [] };
  }
  try {
    return parseListing(listing, { format });
  } catch (e) {
    if (!(e instanceof CairnError)) throw e;
    throw new CairnError(e.code, `the base's migration directory (${listing.path}) does not read: ${e.message}`, { cause: e, details: e.details, hint: e.hint });
  }
}

/** sameUp: whether two versions of one migration run the same up part. */
function sameUp(a: Migration, al: DirListing, b: Migration, bl: DirListing): boolean {
  if (a.kind !== b.kind || a.noTransaction !== b.noTransaction) return false;
  if (a.kind === 'sql') return a.up.text === b.up.text;
  return al.readFile(a.up.file).bytes.equals(bl.readFile(b.up.file).bytes);
}

function compare(head: MigrationDir, base: MigrationDir, fork: MigrationDir, info: Pick<Histories, 'baseCommit' | 'forkCommit' | 'notes'>): Histories {
  const inHead = new Map(head.migrations.map((m) => [m.version, m]));
  const inBase = new Map(base.migrations.map((m) => [m.version, m]));
  const inFork = new Map(fork.migrations.map((m) => [m.version, m]));
  const added = head.migrations.filter((m) => !inBase.has(m.version));
  // A base migration the branch lacks: removed by the branch if the fork had it, else added by the base since.
  const missing = base.migrations.filter((m) => !inHead.has(m.version));
  const removed = missing.filter((m) => inFork.has(m.version));
  const baseAdded = missing.filter((m) => !inFork.has(m.version));
  // A migration both have with another up part: the branch's edit, unless the branch kept the fork's and the base edited it.
  const edited = base.migrations.filter((b) => {
    const h = inHead.get(b.version);
    if (!h || sameUp(h, head.listing, b, base.listing)) return false;
    const f = inFork.get(b.version);
    return !(f && fork !== base && sameUp(h, head.listing, f, fork.listing));
  });
  const ordered = base.migrations.filter((m) => !m.repeatable);
  const baseNewest = ordered[ordered.length - 1];
  const cmp = head.format.compareVersions.bind(head.format);
  const outOfOrder = baseNewest ? added.filter((m) => !m.repeatable && cmp(m.version, baseNewest.version) < 0) : [];
  // The merged directory: the branch's, with what the base added since it forked (the merge brings those in).
  const versionOrder = baseAdded.length === 0
    ? head.migrations
    : [...head.migrations, ...baseAdded].map((m, i) => ({ m, i })).sort((x, y) => cmp(x.m.version, y.m.version) || x.i - y.i).map((x) => x.m);
  return { head, base, ...info, added, baseAdded, removed, edited, baseNewest, outOfOrder, baseFirst: [...base.migrations, ...added], versionOrder };
}
