/**
 * The files of a migration directory that a branch added or changed, for `cairn lint
 * --git-base REF`: those that differ from the merge-base of REF and HEAD (committed or not),
 * plus untracked ones. Git runs read-only (`rev-parse`, `merge-base`, `diff`, `ls-files`);
 * the work tree and the index are never touched.
 */
import { execFile } from 'node:child_process';
import { realpathSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { CairnError } from '../errors.js';

/** What changed under `dir` since the merge-base. */
export interface BranchChanges {
  /** The commit the branch is compared with. */
  readonly mergeBase: string;
  /** Files added or modified (renamed ones count as added), and untracked ones: paths relative to `dir`, `/`-separated. */
  readonly files: readonly string[];
}

/** git runs one git command in `cwd` and resolves its stdout; a failure rejects with git's stderr. */
function git(cwd: string, args: readonly string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile('git', args, { cwd, maxBuffer: 64 << 20, encoding: 'utf8' }, (err, stdout, stderr) => {
      if (err) reject(Object.assign(err, { stderr: String(stderr ?? '').trim() }));
      else resolve(stdout);
    });
  });
}

/** changedSince lists what the branch checked out in `dir`'s repository changed under `dir` since it left `ref`. */
export async function changedSince(dir: string, ref: string): Promise<BranchChanges> {
  const realDir = realpathSync(dir);
  let top: string;
  try {
    top = realpathSync((await git(realDir, ['rev-parse', '--show-toplevel'])).trim());
  } catch (e) {
    const why = (e as { code?: string }).code === 'ENOENT' ? 'git is not installed (or not on PATH)' : `${dir} is not inside a git repository`;
    throw new CairnError('USAGE', `--git-base ${ref}: ${why}`, {
      cause: e,
      hint: 'run lint inside the repository checkout, or choose the files with --latest N or by naming them',
    });
  }
  let commit: string;
  try {
    commit = (await git(top, ['rev-parse', '--verify', '--quiet', '--end-of-options', `${ref}^{commit}`])).trim();
  } catch (e) {
    throw new CairnError('USAGE', `--git-base ${ref}: no such branch, tag or commit in ${top}`, {
      cause: e,
      details: { gitBase: ref },
      hint: 'in CI, fetch the base branch first (actions/checkout with fetch-depth: 0, or git fetch origin main) and pass it as origin/main',
    });
  }
  let mergeBase: string;
  try {
    mergeBase = (await git(top, ['merge-base', commit, 'HEAD'])).trim();
  } catch (e) {
    throw new CairnError('USAGE', `--git-base ${ref}: it has no common history with HEAD (${(e as { stderr?: string }).stderr || 'git merge-base failed'})`, {
      cause: e,
      details: { gitBase: ref },
      hint: 'a shallow clone lacks the history: fetch with --depth 0 (actions/checkout: fetch-depth: 0)',
    });
  }
  const scope = relative(top, realDir) || '.';
  const z = (out: string) => out.split('\0').filter((p) => p !== '');
  // Against the work tree, so a change not yet committed is reviewed too; renames as delete + add.
  const changed = z(await git(top, ['diff', '--name-only', '--no-renames', '--diff-filter=AM', '-z', mergeBase, '--', scope]));
  const untracked = z(await git(top, ['ls-files', '--others', '--exclude-standard', '--full-name', '-z', '--', scope]));
  const files = [...new Set([...changed, ...untracked])]
    .map((p) => relative(realDir, join(top, p)).split(sep).join('/'))
    .filter((p) => !p.startsWith('..'))
    .sort();
  return { mergeBase, files };
}
