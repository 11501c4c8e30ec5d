/**
 * Migrations declared in application code (`createMigrator({ migrations: [...] })`), joined to
 * the directory's into one history the runner treats like any other.
 *
 * Order:
 *  - a list alone runs in list order, as gormigrate does: IDs are the team's own (RFC 3339 with a
 *    suffix, unix seconds...) and need not sort. An ID the list does not know (in the revision
 *    table) ranks after every known one, so it is an "unknown" revision: refused by default,
 *    named (validateUnknown), or let be.
 *  - a list beside a directory is merged into it by the directory format's version order (for
 *    Atlas directories: byte order of the versions), so each entry sits among the files where its
 *    ID says; the list must then be in that order itself, and no ID may equal a file's version.
 *    Appending the list after the files instead would make every file added later "older than the
 *    last applied" and stop the runner, so merging is the only order that keeps working.
 */
import { createHash } from 'node:crypto';
import { CairnError } from '../../errors.js';
import type { LoadedCode } from '../code/code-migration.js';
import { checkDefinition } from '../code/code-migration.js';
import type { InlineMigration } from '../code/define.js';
import type { DirListing } from '../dir/types.js';
import type { DirMigration, LoadedDir } from './session.js';

/** How a migrator passes its list to the runner (TargetOptions.inline). */
export interface InlineHistory {
  readonly migrations: readonly InlineMigration[];
  /** No migration directory: the list is the whole history. */
  readonly alone: boolean;
}

/** An empty directory listing, for a migrator without a directory. */
export function emptyListing(): DirListing {
  return {
    path: '(createMigrator)', files: [], subdirs: [],
    readFile: (relative) => {
      throw new CairnError('FILE_UNREADABLE', `no migration directory: cannot read ${relative}`);
    },
    listSubdir: () => [],
  };
}

/** The hash of an inline migration: its ID. Code in a list has no file to compare; an ID never changes. */
function inlineHash(id: string): string {
  return 'inline:' + createHash('sha256').update(id).digest('base64').slice(0, 16);
}

function asDirMigration(m: InlineMigration, index: number): DirMigration {
  const label = `migration ${m.id}`;
  const definition = checkDefinition(m, `${label} (createMigrator migrations[${index}])`);
  const inline: LoadedCode = { definition, file: label };
  return {
    version: m.id, description: '', hash: inlineHash(m.id), inline,
    source: { version: m.id, description: '', kind: 'ts', up: { file: label, text: '', line: 1, offset: 0 }, noTransaction: false },
  };
}

/** withInline joins the list to the loaded directory (see the order rules above). */
export function withInline(loaded: LoadedDir, history: InlineHistory): LoadedDir {
  const entries = history.migrations.map(asDirMigration);
  if (history.alone) {
    const at = new Map(entries.map((m, i) => [m.version, i]));
    const fallback = loaded.dir.format.compareVersions;
    const compare = (a: string, b: string) => {
      const x = at.get(a);
      const y = at.get(b);
      if (x !== undefined && y !== undefined) return x - y;
      if (x !== undefined) return -1;
      if (y !== undefined) return 1;
      return fallback(a, b);
    };
    return { ...loaded, migrations: entries, compare };
  }
  const byFormat = loaded.dir.format.compareVersions;
  for (let i = 1; i < entries.length; i++) {
    if (byFormat(entries[i - 1]!.version, entries[i]!.version) >= 0) {
      throw new CairnError('USAGE', `createMigrator: with a migration directory, the migrations list must be in version order (${loaded.dir.format.name} order): ${entries[i - 1]!.version} comes before ${entries[i]!.version}`, {
        details: { ids: [entries[i - 1]!.version, entries[i]!.version] },
        hint: 'list entries are merged among the directory\'s files by their IDs; order the list by ID, or use a list without a directory',
      });
    }
  }
  const files = new Set(loaded.migrations.map((m) => m.version));
  const clash = entries.filter((e) => files.has(e.version)).map((e) => e.version);
  if (clash.length > 0) {
    throw new CairnError('USAGE', `createMigrator: migration ID(s) ${clash.join(', ')} are also versions of files in ${loaded.dir.path}`, { details: { ids: clash } });
  }
  // The files keep their directory order (a format's own rule); each entry goes before the first file after it.
  const merged: DirMigration[] = [];
  let next = 0;
  for (const file of loaded.migrations) {
    while (next < entries.length && byFormat(entries[next]!.version, file.version) < 0) merged.push(entries[next++]!);
    merged.push(file);
  }
  merged.push(...entries.slice(next));
  const at = new Map(merged.map((m, i) => [m.version, i]));
  const compare = (a: string, b: string) => {
    const x = at.get(a);
    const y = at.get(b);
    return x !== undefined && y !== undefined ? x - y : byFormat(a, b);
  };
  return { ...loaded, migrations: merged, compare };
}
