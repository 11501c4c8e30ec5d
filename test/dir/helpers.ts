/** Shared helpers for directory tests: temp dirs, snapshots of a directory's bytes, the corpus. */
import { cpSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync, mkdirSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export { CORPUS } from '../helpers/corpus.js';
import { CORPUS } from '../helpers/corpus.js';

export function tempDir(prefix = 'cairn-dir-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** writeTree writes `files` (names may contain `/`) under a new temp dir and returns its path. */
export function writeTree(files: Record<string, string | Buffer>): string {
  const root = tempDir();
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, name)), { recursive: true });
    writeFileSync(join(root, name), content);
  }
  return root;
}

/** copyCorpus copies a corpus directory to a writable temp dir (corpus files are read-only). */
export function copyCorpus(folder: string): string {
  const dst = join(tempDir(), 'migrations');
  cpSync(join(CORPUS, folder, 'migrations'), dst, { recursive: true });
  makeWritable(dst);
  return dst;
}

function makeWritable(p: string): void {
  chmodSync(p, statSync(p).isDirectory() ? 0o755 : 0o644);
  if (statSync(p).isDirectory()) for (const n of readdirSync(p)) makeWritable(join(p, n));
}

/** snapshot maps every file under `root` (recursively, dotfiles included) to its bytes as hex. */
export function snapshot(root: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (rel: string) => {
    for (const n of readdirSync(join(root, rel)).sort()) {
      const r = rel ? `${rel}/${n}` : n;
      if (statSync(join(root, r)).isDirectory()) walk(r);
      else out[r] = readFileSync(join(root, r)).toString('hex');
    }
  };
  walk('');
  return out;
}

/** corpusDirs lists corpus folders that hold a `migrations` directory. */
export function corpusDirs(): string[] {
  return readdirSync(CORPUS).filter((d) => {
    try {
      return statSync(join(CORPUS, d, 'migrations')).isDirectory();
    } catch {
      return false;
    }
  });
}
