/**
 * The migration directory and git, for `--git-base REF` (`cairn ci`, `cairn lint`): the
 * repository and commits, what a branch changed in the directory since it left REF, and the
 * directory as another commit has it, read straight from git's object store (`git ls-tree`,
 * `git cat-file`). Git only reads: the work tree, the index and HEAD are never touched. It runs
 * through execFile (no shell): a ref or path is an argument, never a piece of a command line.
 */
import { execFile } from 'node:child_process';
import { realpathSync } from 'node:fs';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { CairnError } from '../../errors.js';
import { memoryListing } from './listing.js';
import type { DirFile, DirListing } from './types.js';

/** Where the migration directory sits in its repository. */
export interface GitRepo {
  /** The work tree's top directory. */
  readonly root: string;
  /** The directory's path from `root`, with `/` separators and a trailing `/` ('' at the top). */
  readonly prefix: string;
}

/** A commit as `ci` reports it. */
export interface GitCommit {
  /** As the user named it (`origin/main`), or `merge-base`. */
  readonly ref: string;
  readonly sha: string;
}

const MAX_BUFFER = 1 << 30;

/** git runs one git command in `cwd` and returns its stdout; a failure is a CairnError naming the command. */
function git(cwd: string, args: readonly string[], input?: string): Promise<Buffer> {
  return new Promise((done, fail) => {
    const child = execFile('git', args as string[], { cwd, encoding: 'buffer', maxBuffer: MAX_BUFFER, env: { ...process.env, GIT_TERMINAL_PROMPT: '0', LC_ALL: 'C' } }, (err, stdout, stderr) => {
      if (!err) return done(stdout);
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
        return fail(new CairnError('USAGE', 'git is not installed or not on PATH: --git-base reads the base branch\'s migrations through git', { cause: err, hint: 'install git in the CI image' }));
      }
      fail(new GitFailure(args, stderr.toString('utf8').trim() || err.message, err));
    });
    // A command that reads no input may exit before its stdin is closed: that pipe error is no failure.
    child.stdin?.on('error', () => undefined);
    child.stdin?.end(input ?? '');
  });
}

/** A git command that exited non-zero; callers turn it into the error the user needs. */
class GitFailure extends Error {
  constructor(readonly args: readonly string[], readonly stderr: string, cause: unknown) {
    super(`git ${args.join(' ')}: ${stderr}`, { cause });
  }
}

const text = async (cwd: string, args: readonly string[]) => (await git(cwd, args)).toString('utf8').trim();

/**
 * repoOf finds the repository `dir` is in. Not a repository (a CI job that copied the files
 * without `.git`) is a usage error that says what `ci` needs.
 */
export async function repoOf(dir: string): Promise<GitRepo> {
  try {
    // git prints the top without symbolic links: the directory is compared the same way.
    const root = realpathSync(await text(dir, ['rev-parse', '--show-toplevel']));
    const rel = relative(root, realpathSync(resolve(dir))).split(sep).join('/');
    if (rel.startsWith('..') || isAbsolute(rel)) throw new GitFailure(['rev-parse'], `${dir} is outside the work tree ${root}`, undefined);
    return { root, prefix: rel === '' ? '' : `${rel}/` };
  } catch (e) {
    if (!(e instanceof GitFailure)) throw e;
    throw new CairnError('USAGE', `${dir} is not in a git repository: --git-base compares the migration directory with the base branch's, read through git`, {
      cause: e,
      details: { file: dir, git: e.stderr },
      hint: 'run it in a clone of the repository (in CI: check the repository out with its history, e.g. actions/checkout with fetch-depth: 0)',
    });
  }
}

/** resolveCommit turns a ref (`origin/main`, a sha, a tag) into a commit sha; one that does not exist is a clear usage error. */
export async function resolveCommit(repo: GitRepo, ref: string): Promise<GitCommit> {
  if (ref.startsWith('-')) throw new CairnError('USAGE', `--git-base ${ref} is not a git ref`, { hint: 'name a branch, tag or commit, e.g. --git-base origin/main' });
  try {
    return { ref, sha: await text(repo.root, ['rev-parse', '--verify', '--quiet', '--end-of-options', `${ref}^{commit}`]) };
  } catch (e) {
    if (!(e instanceof GitFailure)) throw e;
    throw new CairnError('USAGE', `--git-base ${ref} does not exist in the repository at ${repo.root}`, {
      cause: e,
      details: { ref },
      hint: `fetch it first (git fetch origin ${ref.replace(/^origin\//, '')}); in GitHub Actions check out with fetch-depth: 0, in GitLab set GIT_DEPTH: 0`,
    });
  }
}

/** mergeBase: the commit HEAD and `base` share; undefined when git finds none (a shallow clone, unrelated histories). */
export async function mergeBase(repo: GitRepo, base: GitCommit): Promise<GitCommit | undefined> {
  try {
    const sha = await text(repo.root, ['merge-base', 'HEAD', base.sha]);
    return sha ? { ref: 'merge-base', sha } : undefined;
  } catch (e) {
    if (e instanceof GitFailure) return undefined;
    throw e;
  }
}

/**
 * How deep below the migration directory files are read: the top level (every format's
 * migrations and atlas.sum) and one level of folders (Prisma's `<name>/migration.sql`,
 * Drizzle's `meta/_journal.json`). A directory at the repository's top would otherwise pull
 * in the whole tree.
 */
const MAX_DEPTH = 2;

/**
 * listingAt reads the migration directory as `commit` has it, as an in-memory listing the
 * directory parsers read like one on disk (dotfiles left out, as on disk). A commit without the
 * directory gives an empty listing: every migration is new.
 */
export async function listingAt(repo: GitRepo, commit: GitCommit): Promise<DirListing> {
  const tree = await git(repo.root, ['ls-tree', '-r', '-z', '--full-tree', commit.sha, '--', repo.prefix === '' ? '.' : repo.prefix]);
  const blobs: { name: string; sha: string }[] = [];
  for (const entry of tree.toString('utf8').split('\0')) {
    const m = /^(\d+) (\w+) ([0-9a-f]+)\t(.*)$/s.exec(entry);
    // Symbolic links (120000) and submodules are no migration files.
    if (!m || m[2] !== 'blob' || m[1] === '120000') continue;
    const name = m[4].slice(repo.prefix.length);
    const parts = name.split('/');
    if (parts.length > MAX_DEPTH || parts.some((p) => p.startsWith('.'))) continue;
    blobs.push({ name, sha: m[3] });
  }
  const files: DirFile[] = [];
  const contents = await catBlobs(repo, blobs.map((b) => b.sha));
  blobs.forEach((b, i) => files.push({ name: b.name, bytes: contents[i]! }));
  return memoryListing(files, `${repo.prefix || './'} at ${commit.ref} (${commit.sha.slice(0, 12)})`);
}

/** catBlobs reads many blobs in one `git cat-file --batch`, in the order asked. */
async function catBlobs(repo: GitRepo, shas: readonly string[]): Promise<Buffer[]> {
  if (shas.length === 0) return [];
  const out = await git(repo.root, ['cat-file', '--batch'], shas.join('\n') + '\n');
  const blobs: Buffer[] = [];
  let at = 0;
  for (const sha of shas) {
    const eol = out.indexOf(0x0a, at);
    const header = out.subarray(at, eol).toString('utf8');
    const m = /^([0-9a-f]+) (\w+) (\d+)$/.exec(header);
    if (!m) throw new CairnError('INTERNAL', `git cat-file: unexpected answer "${header}" for ${sha}`);
    const size = Number(m[3]);
    blobs.push(out.subarray(eol + 1, eol + 1 + size));
    at = eol + 1 + size + 1;
  }
  return blobs;
}

/** What a branch changed under the migration directory since it left a base. */
export interface BranchChanges {
  /** The commit the branch is compared with. */
  readonly mergeBase: string;
  /** Files added or modified (renamed ones count as added), and untracked ones: paths relative to the directory, `/`-separated. */
  readonly files: readonly string[];
}

/**
 * changedSince lists what the work tree of `repo` changed in the migration directory since the
 * merge-base of `base` and HEAD: committed or not (a renamed file counts as added), and untracked
 * files. No common history (a shallow clone) is a usage error saying how to fetch it.
 */
export async function changedSince(repo: GitRepo, base: GitCommit): Promise<BranchChanges> {
  const common = await mergeBase(repo, base);
  if (!common) {
    throw new CairnError('USAGE', `--git-base ${base.ref}: it has no common history with HEAD`, {
      details: { gitBase: base.ref },
      hint: 'a shallow clone lacks the history: fetch with --depth 0 (actions/checkout: fetch-depth: 0)',
    });
  }
  const scope = repo.prefix === '' ? '.' : repo.prefix;
  const z = (out: Buffer) => out.toString('utf8').split('\0').filter((p) => p !== '');
  // Against the work tree, so a change not yet committed is reviewed too; renames as delete + add.
  const changed = z(await git(repo.root, ['diff', '--name-only', '--no-renames', '--diff-filter=AM', '-z', common.sha, '--', scope]));
  const untracked = z(await git(repo.root, ['ls-files', '--others', '--exclude-standard', '--full-name', '-z', '--', scope]));
  const dir = join(repo.root, repo.prefix);
  const files = [...new Set([...changed, ...untracked])]
    .map((p) => relative(dir, join(repo.root, p)).split(sep).join('/'))
    .filter((p) => !p.startsWith('..'))
    .sort();
  return { mergeBase: common.sha, files };
}
