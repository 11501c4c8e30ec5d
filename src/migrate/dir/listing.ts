import { lstatSync, readdirSync, readFileSync, readlinkSync, statSync, type Dirent, type Stats } from 'node:fs';
import { join } from 'node:path';
import { CairnError } from '../../errors.js';
import { compareBytes } from './version.js';
import type { DirFile, DirListing } from './types.js';

/**
 * compareNames orders names by their UTF-8 bytes, the order Atlas hashes files in (Go compares
 * strings bytewise). JavaScript's default sort compares UTF-16 code units, which differs for
 * characters outside the BMP, so we compare buffers.
 */
export function compareNames(a: string, b: string): number {
  return compareBytes(a, b);
}

/**
 * readListing reads the top level of a migration directory: every regular file (bytes kept raw,
 * so that atlas.sum hashes exactly what is on disk) and the names of sub-directories. Nested
 * files are read lazily through `readFile`/`listSubdir`, so that a top-level read never descends
 * into a nested migration directory. Dotfiles (`.gitkeep`, `.DS_Store`) are skipped: no format
 * gives them meaning and Atlas never hashes them.
 */
export function readListing(path: string): DirListing {
  let entries: Dirent[];
  try {
    if (!statSync(path).isDirectory()) throw new CairnError('DIR_NOT_FOUND', `${path} is not a directory`, { details: { file: path } });
    entries = readdirSync(path, { withFileTypes: true });
  } catch (err) {
    if (err instanceof CairnError) throw err;
    throw new CairnError('DIR_NOT_FOUND', `migration directory ${path} does not exist or cannot be listed`, {
      details: { file: path },
      hint: 'check --dir, or create the directory with `cairn new`',
      cause: err,
    });
  }
  const files: DirFile[] = [];
  const subdirs: string[] = [];
  for (const entry of entries.filter((e) => !e.name.startsWith('.')).sort((a, b) => compareNames(a.name, b.name))) {
    const name = entry.name;
    const full = join(path, name);
    // The directory entry already says what a plain file or directory is; only links (and the
    // odd file system that reports no type) need a stat, saving one system call per migration.
    const st = entry.isFile() || entry.isDirectory() ? entry : statOrThrow(full, name);
    if (st.isDirectory()) subdirs.push(name);
    else if (st.isFile()) files.push({ name, bytes: readOrThrow(full, name) });
    else {
      // A FIFO, socket or device: reading it could block forever, and skipping it would hide a
      // migration; say what it is instead.
      throw new CairnError('FILE_UNREADABLE', `cannot read ${full}: not a regular file (${specialKind(st as Stats)})`, {
        details: { file: name },
        hint: 'replace it with a regular file, or move it out of the migration directory',
      });
    }
  }
  return {
    path,
    files,
    subdirs,
    readFile: (relative) => ({ name: relative, bytes: readOrThrow(join(path, relative), relative) }),
    listSubdir: (relative) => {
      try {
        return readdirSync(join(path, relative))
          .filter((n) => !n.startsWith('.') && statSync(join(path, relative, n)).isFile())
          .sort(compareNames)
          .map((n) => `${relative}/${n}`);
      } catch (err) {
        throw new CairnError('FILE_UNREADABLE', `cannot list ${join(path, relative)}`, { details: { file: relative }, cause: err });
      }
    },
  };
}

function statOrThrow(full: string, name: string) {
  try {
    return statSync(full);
  } catch (err) {
    throw new CairnError('FILE_UNREADABLE', `cannot read ${full}: ${reason(full, err)}`, { details: { file: name }, cause: err });
  }
}

function readOrThrow(full: string, name: string): Buffer {
  try {
    return readFileSync(full);
  } catch (err) {
    throw new CairnError('FILE_UNREADABLE', `cannot read ${full}: ${reason(full, err)}`, { details: { file: name }, cause: err });
  }
}

/** reason says why a file could not be read, in words (a dangling symlink is ENOENT otherwise). */
function reason(full: string, err: unknown): string {
  const code = (err as NodeJS.ErrnoException)?.code;
  if (code === 'ENOENT') {
    try {
      if (lstatSync(full).isSymbolicLink()) return `broken symbolic link to ${readlinkSync(full)}`;
    } catch {
      // fall through
    }
    return 'no such file';
  }
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EISDIR') return 'is a directory';
  if (code === 'ELOOP') return 'symbolic link loop';
  return (err as Error)?.message ?? String(err);
}

function specialKind(st: Stats): string {
  if (st.isFIFO()) return 'a named pipe';
  if (st.isSocket()) return 'a socket';
  if (st.isCharacterDevice() || st.isBlockDevice()) return 'a device';
  return 'not a file or directory';
}

/**
 * memoryListing builds a listing from in-memory files. Names may contain `/`: the first segment
 * then becomes a sub-directory, which is how Prisma folders and Drizzle's `meta/` are modelled.
 *
 * @example
 * const l = memoryListing({ '1_init.sql': 'CREATE TABLE t(c int);' });
 */
export function memoryListing(files: Record<string, string | Buffer> | readonly DirFile[], path = '<memory>'): DirListing {
  const all = new Map<string, Buffer>();
  const entries: [string, string | Buffer][] = Array.isArray(files)
    ? (files as readonly DirFile[]).map((f) => [f.name, f.bytes])
    : Object.entries(files as Record<string, string | Buffer>);
  for (const [name, content] of entries) all.set(name, typeof content === 'string' ? Buffer.from(content, 'utf8') : content);
  const names = [...all.keys()].sort(compareNames);
  const top = names.filter((n) => !n.includes('/') && !n.startsWith('.'));
  const subdirs = [...new Set(names.filter((n) => n.includes('/')).map((n) => n.slice(0, n.indexOf('/'))))]
    .filter((n) => !n.startsWith('.'))
    .sort(compareNames);
  return {
    path,
    files: top.map((name) => ({ name, bytes: all.get(name)! })),
    subdirs,
    readFile: (relative) => {
      const bytes = all.get(relative);
      if (!bytes) throw new CairnError('FILE_UNREADABLE', `cannot read ${relative}: no such file`, { details: { file: relative } });
      return { name: relative, bytes };
    },
    listSubdir: (relative) => {
      const prefix = `${relative}/`;
      return names.filter((n) => n.startsWith(prefix) && !n.slice(prefix.length).includes('/'));
    },
  };
}
