import { Problems, reportDuplicates, type Problem } from '../problems.js';
import { headMentions, headText, decodeFile } from '../text.js';
import type { DirFile, DirFormat, DirListing, Migration, MigrationSource } from '../types.js';
import { compareBytes, nextSequential } from '../version.js';
import { withNewline } from './golang-migrate.js';
import { splitSections, type Marker } from './sections.js';

/**
 * dbmate: `{version}_{name}.sql` with `-- migrate:up` and `-- migrate:down` sections. Options
 * follow the marker on the same line; `transaction:false` on the up marker runs the migration
 * outside a transaction (dbmate reads it per section; Cairn's model has one flag per migration,
 * taken from the up section).
 *
 * Identity and order follow dbmate's `FindMigrations`: a migration file is any name matching
 * `^(\d+).*\.sql$`, its version is that leading run of digits kept as text (`001` and `1` are two
 * versions), and files run in file-name order (Go string order, so `10_b.sql` before `9_a.sql`).
 * Other `.sql` files are skipped by dbmate; Cairn skips them too, with a warning (and refuses
 * them when no file is a migration: that directory is in another format). dbmate would
 * treat two files with one version as one migration; Cairn refuses them.
 */
const NAME_RE = /^(\d+)(.*)\.sql$/;
const MARKER_RE = /^--\s*migrate:(up|down)(?=\s|$)(.*)$/;

export function dbmateMarker(line: string): Marker | undefined {
  const m = MARKER_RE.exec(line.trim());
  return m ? { kind: m[1] as 'up' | 'down', options: m[2].trim() } : undefined;
}

function isDbmate(f: DirFile): boolean {
  return f.name.endsWith('.sql') && headMentions(f, 'migrate:up') && /^--\s*migrate:up(\s|$)/m.test(headText(f));
}

function parse(listing: DirListing, warn?: (w: Problem) => void): readonly Migration[] {
  const problems = new Problems();
  const found: { version: string; file: string; m: Migration }[] = [];
  const skipped: string[] = [];
  for (const f of listing.files.filter((x) => x.name.endsWith('.sql'))) {
    const n = NAME_RE.exec(f.name);
    if (!n) {
      skipped.push(f.name);
      continue;
    }
    const s = splitSections(decodeFile(f), dbmateMarker, problems, { up: '-- migrate:up', down: '-- migrate:down' });
    if (!s.up) continue;
    const noTransaction = /(^|\s)transaction:false(\s|$)/.test(s.upOptions);
    found.push({ version: n[1], file: f.name, m: { version: n[1], description: n[2].replace(/^_/, ''), kind: 'sql', up: s.up, noTransaction, ...(s.down ? { down: s.down } : {}) } });
  }
  // With no migration at all, the directory is in another format: the names are errors then.
  for (const name of skipped) {
    if (found.length === 0) problems.add(name, 'name is not {version}_{name}.sql with a numeric version');
    else warn?.({ file: name, reason: 'skipped: dbmate only runs .sql files whose name starts with a digit' });
  }
  reportDuplicates(problems, found);
  problems.throwIfAny('dbmate');
  // listing.files is already in UTF-8 byte order of names, dbmate's order.
  return found.map((x) => x.m);
}

function render(m: MigrationSource): readonly DirFile[] {
  const opts = m.noTransaction ? ' transaction:false' : '';
  const down = m.down === undefined ? '' : `\n-- migrate:down${opts}\n${withNewline(m.down)}`;
  return [{ name: `${m.version}_${m.description || 'migration'}.sql`, bytes: Buffer.from(`-- migrate:up${opts}\n${withNewline(m.up)}${down}`, 'utf8') }];
}

export const dbmateFormat: DirFormat = {
  name: 'dbmate',
  writable: true,
  detect(listing) {
    const sql = listing.files.filter((f) => f.name.endsWith('.sql'));
    return sql.length === 0 ? 0 : 0.9 * (sql.filter(isDbmate).length / sql.length);
  },
  sumFiles: (listing) => listing.files.filter((f) => f.name.endsWith('.sql')),
  parse,
  compareVersions: compareBytes,
  render,
  nextVersion: nextSequential,
};
