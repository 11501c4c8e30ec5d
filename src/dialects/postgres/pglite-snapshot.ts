/**
 * A cached PGDATA snapshot makes PGlite start fast. A cold `PGlite.create()` runs initdb in
 * WASM; loading a tarball of a freshly initialised data directory skips it.
 *
 * Measured on this machine (2 vCPU, Node 20, @electric-sql/pglite 0.5.16, 40 MB uncompressed tar,
 * 16 MB of it the first WAL segment; the machine was shared with other builds, so numbers vary;
 * test/dialects/pglite.test.ts logs them on every run):
 *   - cold `PGlite.create()` (initdb):                 3.8–5.6 s, 14.7 s under load (DESIGN.md: 2.3–6.6 s)
 *   - `dumpDataDir('none')` once, to fill the cache:   0.6–1.2 s (2.4 s under load)
 *   - `PGlite.create({ loadDataDir })` from the cache: 1.0–1.3 s, 2.3 s under load (DESIGN.md: ~370 ms, quiet)
 *   - reopening an existing `pglite:<dir>`:            0.36–0.9 s
 * Uncompressed because gzip costs more on load (~600 ms) than it saves in reading 40 MB.
 *
 * The cache lives in `$CAIRN_CACHE_DIR`, else `$XDG_CACHE_HOME/cairn`, else `~/.cache/cairn`,
 * keyed by the PGlite version (a snapshot from another PostgreSQL build would not load). It is
 * written to a temp file and renamed into place, so concurrent processes never see half a file.
 * Writing one prunes the cache to it: snapshots of other PGlite versions (40 MB each, left by
 * upgrades) and temp files that a crashed writer left over an hour ago are removed.
 */
import { mkdirSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomBytes } from 'node:crypto';

export function cacheDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.CAIRN_CACHE_DIR) return env.CAIRN_CACHE_DIR;
  if (env.XDG_CACHE_HOME) return join(env.XDG_CACHE_HOME, 'cairn');
  return join(homedir(), '.cache', 'cairn');
}

/** The installed PGlite version, read from its package.json (not exported, so found by path). */
export function pgliteVersion(): string {
  try {
    const entry = fileURLToPath(import.meta.resolve('@electric-sql/pglite'));
    let dir = dirname(entry);
    for (let i = 0; i < 4; i++) {
      try {
        const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
        if (pkg.name === '@electric-sql/pglite' && pkg.version) return pkg.version;
      } catch {
        /* keep walking up */
      }
      dir = dirname(dir);
    }
  } catch {
    /* fall through */
  }
  return 'unknown';
}

export function snapshotPath(version = pgliteVersion()): string {
  return join(cacheDir(), `pglite-${version}-pgdata.tar`);
}

/** A snapshot file name, of any version; its temp files add `.<pid>.<random>.tmp`. */
const SNAPSHOT_NAME = /^pglite-.+-pgdata\.tar$/;
const SNAPSHOT_TMP = /^pglite-.+-pgdata\.tar\.\d+\.[0-9a-f]+\.tmp$/;
/** A temp file older than this belongs to a writer that died (a write takes about a second). */
const STALE_TMP_MS = 60 * 60 * 1000;

/** The cached snapshot as a Blob for `loadDataDir`, or undefined when there is none. */
export function readSnapshot(path = snapshotPath()): Blob | undefined {
  try {
    const buf = readFileSync(path);
    return buf.length > 0 ? new Blob([buf]) : undefined;
  } catch {
    return undefined;
  }
}

/** Writes a snapshot atomically; a read-only cache dir only costs speed, so errors are swallowed. */
export function writeSnapshot(data: Uint8Array, path = snapshotPath()): boolean {
  const tmp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(tmp, data);
    renameSync(tmp, path);
    pruneSnapshots(path);
    return true;
  } catch {
    try {
      unlinkSync(tmp);
    } catch {
      /* never written */
    }
    return false;
  }
}

/** Drops a snapshot that failed to load, so the next start rebuilds it. */
export function discardSnapshot(path = snapshotPath()): void {
  try {
    unlinkSync(path);
  } catch {
    /* already gone */
  }
}

/**
 * pruneSnapshots removes, beside `keep`, the snapshots of other PGlite versions and stale temp
 * files, so the cache holds one snapshot however many upgrades it has seen. A temp file being
 * written right now by another process is young and stays. Errors are ignored: pruning only
 * saves disk space.
 */
export function pruneSnapshots(keep: string, now = Date.now()): string[] {
  const dir = dirname(keep);
  const removed: string[] = [];
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return removed;
  }
  for (const name of names) {
    if (name === basename(keep)) continue;
    const p = join(dir, name);
    try {
      const stale = SNAPSHOT_NAME.test(name) || (SNAPSHOT_TMP.test(name) && now - statSync(p).mtimeMs > STALE_TMP_MS);
      if (!stale) continue;
      unlinkSync(p);
      removed.push(p);
    } catch {
      /* gone already, or not ours to remove */
    }
  }
  return removed;
}
