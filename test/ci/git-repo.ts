/**
 * Real git repositories in temporary directories for the `cairn ci` tests: a project with a
 * `migrations/` directory, branches, commits (atlas.sum re-hashed with each, as a developer
 * would) and merges.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { hash } from '../../src/commands/hash.js';
import { main } from '../../src/cli/main.js';
import { tempDir } from '../cli/helpers.js';

const ENV = { ...process.env, GIT_AUTHOR_NAME: 'ci test', GIT_AUTHOR_EMAIL: 'ci@test', GIT_COMMITTER_NAME: 'ci test', GIT_COMMITTER_EMAIL: 'ci@test', GIT_CONFIG_NOSYSTEM: '1', HOME: tempDir('cairn-ci-home-') };

export class Repo {
  readonly root = tempDir('cairn-ci-');
  readonly dir = join(this.root, 'migrations');

  constructor() {
    this.git('init', '-q', '-b', 'main');
    mkdirSync(this.dir);
  }

  git(...args: string[]): string {
    return execFileSync('git', args, { cwd: this.root, env: ENV, encoding: 'utf8' }).trim();
  }

  /** gitStatus runs git and returns its exit status (for a merge that may conflict). */
  gitStatus(...args: string[]): number {
    return spawnSync('git', args, { cwd: this.root, env: ENV, encoding: 'utf8' }).status ?? -1;
  }

  /** write writes migration files (null deletes one); `rehash` re-writes atlas.sum as `cairn hash` does. */
  write(files: Record<string, string | null>, rehash = true): void {
    for (const [name, text] of Object.entries(files)) {
      const path = join(this.dir, name);
      if (text === null) rmSync(path);
      else {
        mkdirSync(dirname(path), { recursive: true });
        writeFileSync(path, text);
      }
    }
    if (rehash) hash({ dir: this.dir });
  }

  /** commit writes files, re-hashes and commits them. */
  commit(files: Record<string, string | null>, message = 'change'): void {
    this.write(files);
    this.git('add', '-A');
    this.git('commit', '-q', '-m', message);
  }
}

export interface CliRun { code: number; stdout: string; stderr: string }

/** cli runs the CLI in this process (as bin.ts does), in `cwd`, with `env` set for the run. */
export async function cli(args: readonly string[], cwd: string, env: Record<string, string | undefined> = {}): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const io = { out: (t: string) => void (stdout += t.endsWith('\n') ? t : t + '\n'), err: (t: string) => void (stderr += t.endsWith('\n') ? t : t + '\n'), isTTY: false, color: false };
  const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
  const set = (vars: Record<string, string | undefined>) => {
    for (const [k, v] of Object.entries(vars)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  };
  set(env);
  try {
    const code = await main(args, io, cwd);
    return { code, stdout, stderr };
  } finally {
    set(saved);
  }
}
