import { hasGooseNoTransaction, noTransaction } from '../directives.js';
import { Problems, reportDuplicates } from '../problems.js';
import { headMentions, headText, decodeFile } from '../text.js';
import type { DirFile, DirFormat, DirListing, Migration, MigrationSource } from '../types.js';
import { compareNumericVersions, nextSequential } from '../version.js';
import { withNewline } from './golang-migrate.js';
import { wrapGooseBlocks } from './goose-blocks.js';
import { splitSections, type Marker } from './sections.js';

/**
 * goose: `{version}_{name}.sql` holding `-- +goose Up` and `-- +goose Down` sections. The
 * version is the text before the first `_` read as a positive 64-bit integer (goose's
 * `NumericComponent`: `strconv.ParseInt`, "must be greater than zero"), so `3` and `03` are one
 * version, which two files may not share; migrations run in numeric order. `StatementBegin`/`StatementEnd`
 * lines stay in the text: they are comments to the database and the lexer honours them.
 * `-- +goose NO TRANSACTION`, in any case, runs the file outside a transaction. Go migrations
 * (`.go`) cannot be run by Cairn and are reported by name rather than skipped, since skipping
 * one would silently change the schema history.
 */
const NAME_RE = /^(\d+)_(.*)\.sql$/;
const MAX_INT64 = 2n ** 63n - 1n;
const MARKER_RE = /^--\s*\+goose\s+(up|down)\b(.*)$/i;

export function gooseMarker(line: string): Marker | undefined {
  const m = MARKER_RE.exec(line.trim());
  return m ? { kind: m[1].toLowerCase() as 'up' | 'down', options: m[2].trim() } : undefined;
}

function isGoose(f: DirFile): boolean {
  return f.name.endsWith('.sql') && headMentions(f, '+goose') && /^--\s*\+goose\s+up\b/im.test(headText(f));
}

function parse(listing: DirListing): readonly Migration[] {
  const problems = new Problems();
  const found: { version: string; file: string; m: Migration }[] = [];
  for (const f of listing.files) {
    if (f.name.endsWith('.go')) {
      problems.add(f.name, 'Go migrations cannot be run by Cairn; rewrite it as SQL');
      continue;
    }
    if (!f.name.endsWith('.sql')) continue;
    const n = NAME_RE.exec(f.name);
    if (!n) {
      problems.add(f.name, 'name is not {version}_{name}.sql with a numeric version');
      continue;
    }
    if (BigInt(n[1]) < 1n || BigInt(n[1]) > MAX_INT64) {
      problems.add(f.name, `version ${n[1]} is not an integer from 1 to 2^63-1, as goose requires`);
      continue;
    }
    const d = decodeFile(f);
    const s = splitSections(d, gooseMarker, problems, { up: '-- +goose Up', down: '-- +goose Down' });
    if (!s.up) continue;
    found.push({
      version: n[1],
      file: f.name,
      m: { version: n[1], description: n[2], kind: 'sql', up: s.up, noTransaction: noTransaction(d.text), ...(s.down ? { down: s.down } : {}) },
    });
  }
  reportDuplicates(problems, found, (v) => String(BigInt(v)));
  problems.throwIfAny('goose');
  return found.map((x) => x.m).sort((a, b) => compareNumericVersions(a.version, b.version));
}

function render(m: MigrationSource): readonly DirFile[] {
  const head = `-- +goose Up\n${m.noTransaction && !hasGooseNoTransaction(m.up) ? '-- +goose NO TRANSACTION\n' : ''}`;
  const down = m.down === undefined ? '' : `\n-- +goose Down\n${withNewline(wrapGooseBlocks(m.down))}`;
  const text = `${head}${withNewline(wrapGooseBlocks(m.up))}${down}`;
  return [{ name: `${m.version}_${m.description || 'migration'}.sql`, bytes: Buffer.from(text, 'utf8') }];
}

export const gooseFormat: DirFormat = {
  name: 'goose',
  writable: true,
  detect(listing) {
    const sql = listing.files.filter((f) => f.name.endsWith('.sql'));
    if (sql.length === 0) return listing.files.some((f) => /^\d+_.*\.go$/.test(f.name)) ? 0.6 : 0;
    return 0.9 * (sql.filter(isGoose).length / sql.length);
  },
  sumFiles: (listing) => listing.files.filter((f) => f.name.endsWith('.sql')),
  parse,
  compareVersions: compareNumericVersions,
  render,
  nextVersion: nextSequential,
};
