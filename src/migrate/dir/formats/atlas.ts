import { CairnError } from '../../../errors.js';
import { hasAtlasTxModeNone, noTransaction } from '../directives.js';
import { Problems, reportDuplicates } from '../problems.js';
import { decodeFile, emptyPart, lines, part, type DecodedFile } from '../text.js';
import type { DirFile, DirFormat, DirListing, Migration, MigrationSource, SqlPart } from '../types.js';
import { compareBytes, timestampVersion } from '../version.js';

/**
 * Atlas format: `{version}_{name}.sql`, applied in file-name order; `{version}_{name}.ts` is a
 * Cairn TypeScript code migration (Atlas cannot run those; Cairn hashes them into atlas.sum so
 * their integrity is protected too, which makes such a directory Cairn-only).
 *
 * Down SQL lives at the end of the up file, after a `-- cairn:down` marker line, with every
 * line commented out:
 *
 *     CREATE TABLE t (c int);
 *
 *     -- cairn:down
 *     -- DROP TABLE t;
 *
 * Why: Atlas reads every top-level `*.sql` file as an up migration (its own test data hashes
 * `1_initial.down.sql` as one), so a `.down.sql` sibling would either be applied by Atlas as an
 * up migration or, left out of atlas.sum, make `atlas migrate validate` fail. A sub-directory
 * could be confused with a nested migration directory. Comments are skipped by Atlas's lexer, so
 * Atlas runs only the up part, atlas.sum stays exactly what Atlas computes, and the down SQL is
 * integrity-protected along with its up file. Lines keep their numbers, so positions in the down
 * part map to file lines (columns are shifted by the `-- ` prefix).
 */
export const DOWN_MARKER = '-- cairn:down';
const MARKER_RE = /^--\s*cairn:down\s*$/;
const NAME_RE = /^(\d[0-9A-Za-z.\-]*)(?:_(.*))?\.(sql|ts|js|mjs)$/;

/**
 * A migration file: `.sql`, or a code migration (`.ts`, or `.js`/`.mjs` named with a leading
 * version). Type declarations and test files beside the migrations (`*.d.ts`, `*.test.ts`,
 * `*.spec.js`) are not migrations.
 */
function isCandidate(name: string): boolean {
  if (name.endsWith('.sql')) return true;
  if (/\.(test|spec)\.(ts|js|mjs)$/.test(name) || name.endsWith('.d.ts')) return false;
  return name.endsWith('.ts') || (/^\d/.test(name) && /\.(js|mjs)$/.test(name));
}

/** parseAtlasName splits `20240101120000_add_users.sql` into version and description; `.ts`/`.js`/`.mjs` are code migrations. */
export function parseAtlasName(name: string): { version: string; description: string; kind: 'sql' | 'ts' } | undefined {
  const m = NAME_RE.exec(name);
  return m ? { version: m[1], description: m[2] ?? '', kind: m[3] === 'sql' ? 'sql' : 'ts' } : undefined;
}

/** splitAtlasDown separates the up text from the commented-out down part after `-- cairn:down`. */
export function splitAtlasDown(d: DecodedFile, problems: Problems): { up: SqlPart; down?: SqlPart } {
  // Most files have no down part: don't split a file into line objects to learn that.
  if (!d.text.includes('cairn:down')) return { up: part(d) };
  const all = lines(d.text);
  const at = all.findIndex((l) => MARKER_RE.test(l.text));
  if (at < 0) return { up: part(d) };
  const body = all.slice(at + 1);
  const uncommented: string[] = [];
  for (const l of body) {
    if (l.text.trim() === '') uncommented.push('');
    else if (l.text.startsWith('--')) uncommented.push(l.text.replace(/^-- ?/, ''));
    else problems.add(d.file, `line after "${DOWN_MARKER}" is not commented out; Atlas would run it as up SQL`, l.number);
  }
  const first = body[0];
  const downStart = first ? part(d, first.start) : part(d, d.text.length);
  return {
    up: part(d, 0, all[at].start),
    down: { file: d.file, text: uncommented.join('\n'), line: downStart.line, offset: downStart.offset + (first?.text.startsWith('-- ') ? 3 : 0) },
  };
}

function parse(listing: DirListing): readonly Migration[] {
  const problems = new Problems();
  const found: { version: string; file: string; m: Migration }[] = [];
  for (const f of listing.files.filter((x) => isCandidate(x.name))) {
    const n = parseAtlasName(f.name);
    if (!n) {
      problems.add(f.name, 'name is not {version}_{name}.sql (the version must start with a digit)');
      continue;
    }
    if (n.kind === 'ts') {
      found.push({ version: n.version, file: f.name, m: { version: n.version, description: n.description, kind: 'ts', up: emptyPart(f.name), noTransaction: false } });
      continue;
    }
    const d = decodeFile(f);
    const { up, down } = splitAtlasDown(d, problems);
    const m: Migration = { version: n.version, description: n.description, kind: 'sql', up, noTransaction: noTransaction(d.text), ...(down ? { down } : {}) };
    found.push({ version: n.version, file: f.name, m });
  }
  reportDuplicates(problems, found);
  problems.throwIfAny('atlas', looksLikeOtherFormat(listing));
  return found.map((x) => x.m);
}

function looksLikeOtherFormat(listing: DirListing): string | undefined {
  return listing.files.some((f) => /\.(up|down)\.sql$/.test(f.name)) ? 'these look like golang-migrate files; pass --format golang-migrate' : undefined;
}

function render(m: MigrationSource): readonly DirFile[] {
  const name = `${m.version}${m.description ? `_${m.description}` : ''}.sql`;
  let text = m.noTransaction && !hasAtlasTxModeNone(m.up) ? `-- atlas:txmode none\n\n${m.up}` : m.up;
  // One newline at the end; with a down part, exactly one blank line before the marker, so that
  // parse → render gives the same bytes.
  if (m.down !== undefined) text = text.replace(/(\r?\n|[ \t])+$/, '');
  if (text !== '' && !text.endsWith('\n')) text += '\n';
  if (m.down !== undefined) {
    const down = m.down.replace(/\r?\n$/, '').split(/\r?\n/).map((l) => (l === '' ? '--' : `-- ${l}`));
    text += `${text === '' ? '' : '\n'}${DOWN_MARKER}\n${m.down === '' ? '' : `${down.join('\n')}\n`}`;
  }
  return [{ name, bytes: Buffer.from(text, 'utf8') }];
}

export const atlasFormat: DirFormat = {
  name: 'atlas',
  writable: true,
  detect(listing) {
    const sql = listing.files.filter((f) => isCandidate(f.name));
    if (sql.length === 0) return 0;
    const ok = sql.filter((f) => parseAtlasName(f.name) !== undefined).length;
    return 0.5 * (ok / sql.length);
  },
  sumFiles: (listing) => listing.files.filter((f) => isCandidate(f.name)),
  parse,
  compareVersions: compareBytes,
  render,
  nextVersion(now, latest) {
    const ts = timestampVersion(now);
    if (latest === undefined || compareBytes(ts, latest) > 0) return ts;
    if (/^\d+$/.test(latest)) return String(BigInt(latest) + 1n);
    throw new CairnError('USAGE', `cannot pick a version after ${latest}; pass one explicitly`);
  },
};
