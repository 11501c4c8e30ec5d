import { Problems } from '../problems.js';
import { headMentions, headText, decodeFile, lines, part, type DecodedFile, type Line } from '../text.js';
import type { DirFile, DirFormat, DirListing, Migration, MigrationSource, SqlPart } from '../types.js';
import { compareBytes, nextSequential } from '../version.js';
import { withNewline } from './golang-migrate.js';
import type { Statement } from '../../../sql/types.js';

/**
 * Liquibase formatted SQL: files starting with `--liquibase formatted sql`, each holding one or
 * more `--changeset author:id [attr:value ...]` sections, read in file-name order (Liquibase's
 * `includeAll`) and changeset order within a file.
 *
 * Mapping: one Migration per changeset, its description the `--comment:` text. Liquibase
 * identifies a changeset by id + author + file (DATABASECHANGELOG's key), so the same id in two
 * files, or twice in one file with different authors, is legal; only the same id and author twice
 * in one file is a duplicate (DIR_INVALID). Cairn's revision table keys rows by one string: a
 * changeset's version is its id when it is the first changeset in directory order with that id,
 * and `file::id::author` for every later one. Existing revisions therefore keep their plain id,
 * and a clash added later in the directory never renames a changeset that was already applied.
 * The apply order is file order then changeset order; the runner follows the directory for the
 * versions it holds, and `compareVersions` only approximates that order (ids compared
 * numerically when both are numbers) for revisions the directory does not hold.
 *
 * `--rollback` lines (and `/* liquibase rollback *\/` blocks) form the down; `--rollback
 * empty`/`not required` give an empty down.
 * `runInTransaction:false` sets noTransaction; `splitStatements:false` makes the whole changeset
 * one statement; `endDelimiter` sets where statements end (see `delimited`).
 */
const HEADER_RE = /^--\s*liquibase\s+formatted\s+sql\b/i;
const CHANGESET_RE = /^--\s*changeset\s+(?:"([^"]+)"|(\S+?)):(?:"([^"]+)"|(\S+))(.*)$/i;
const ROLLBACK_RE = /^--\s*rollback(?:\s(.*)|$)/i;
const COMMENT_RE = /^--\s*comment:\s*(.*)$/i;

function hasHeader(f: DirFile): boolean {
  if (!headMentions(f, 'liquibase')) return false;
  const first = headText(f, 4096).trimStart().split('\n', 1)[0];
  return HEADER_RE.test(first.trim());
}

function attrs(rest: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of rest.matchAll(/(\w+):("[^"]*"|\S+)/g)) out.set(m[1], m[2].replace(/^"|"$/g, ''));
  return out;
}

/** A position inside a part's text, counted like the lexer's: part-relative line, column and byte offset. */
function positionAfter(s: string): Statement['start'] {
  const nl = s.split('\n');
  return { line: nl.length, column: nl[nl.length - 1].length + 1, offset: Buffer.byteLength(s, 'utf8') };
}

/** A statement of `p.text` from character `from` to `to`, trimmed (and without a trailing `;`). */
function statementIn(p: SqlPart, from: number, to: number): Statement | undefined {
  const raw = p.text.slice(from, to);
  const lead = raw.length - raw.trimStart().length;
  const text = raw.trim().replace(/;$/, '').trimEnd();
  if (text === '') return undefined;
  const before = p.text.slice(0, from + lead);
  return { text, start: positionAfter(before), end: positionAfter(before + text), leadingComments: [] };
}

/** `splitStatements:false`: the whole changeset is one statement. */
function oneStatement(p: SqlPart): readonly Statement[] {
  const s = statementIn(p, 0, p.text.length);
  return s ? [s] : [];
}

/**
 * `endDelimiter:X`: statements end where a line ends with X (`/`, `GO`, `$$`, `;;`...; a leading
 * `\n` in the attribute asks for X on a line of its own, which a word-like X needs anyway).
 * Plain `;` is the default and leaves splitting to the lexer.
 */
function delimited(p: SqlPart, delimiter: string): readonly Statement[] {
  const ownLine = delimiter.startsWith('\\n') || /^\w+$/.test(delimiter.replace(/^\\n/, ''));
  const token = delimiter.replace(/^\\n/, '');
  const out: Statement[] = [];
  let from = 0;
  let at = 0;
  for (const line of p.text.split('\n')) {
    const end = at + line.length;
    const t = line.trimEnd();
    const cut = ownLine ? (t.trim().toUpperCase() === token.toUpperCase() ? at + line.indexOf(t.trim()) : -1) : (t.endsWith(token) ? at + t.length - token.length : -1);
    if (cut >= 0) {
      const s = statementIn(p, from, cut);
      if (s) out.push(s);
      from = end + 1;
    }
    at = end + 1;
  }
  const rest = statementIn(p, from, p.text.length);
  if (rest) out.push(rest);
  return out;
}

/** A changeset as parsed, with the author that is part of its identity. */
type Changeset = Migration & { readonly author: string; readonly line: number };

function changesets(d: DecodedFile, problems: Problems): Changeset[] {
  const all = lines(d.text);
  const starts = all.map((l, i) => ({ l, i })).filter(({ l }) => CHANGESET_RE.test(l.text.trim()));
  if (starts.length === 0) problems.add(d.file, 'no --changeset in a liquibase formatted sql file');
  const out: Changeset[] = [];
  starts.forEach(({ l, i }, k) => {
    const m = CHANGESET_RE.exec(l.text.trim())!;
    const author = m[1] ?? m[2];
    const id = m[3] ?? m[4];
    const a = attrs(m[5]);
    const body = all.slice(i + 1, k + 1 < starts.length ? starts[k + 1].i : all.length);
    const { up, down, description } = section(d, body, problems);
    const noTransaction = a.get('runInTransaction') === 'false';
    const delimiter = a.get('endDelimiter');
    const upPart = a.get('splitStatements') === 'false' || delimiter === ''
      ? { ...up, statements: oneStatement(up) }
      : delimiter !== undefined && delimiter !== ';' ? { ...up, statements: delimited(up, delimiter) } : up;
    out.push({ version: id, author, line: l.number, description, kind: 'sql', up: upPart, noTransaction, ...(down ? { down } : {}) });
  });
  return out;
}

/** section splits a changeset body into its SQL (up to the rollback lines) and the rollback SQL. */
function section(d: DecodedFile, body: Line[], problems: Problems): { up: SqlPart; down?: SqlPart; description: string } {
  // Leading `--comment:` lines are metadata (the description), not part of the SQL.
  let skip = 0;
  while (skip < body.length && COMMENT_RE.test(body[skip].text.trim())) skip++;
  const start = skip < body.length ? body[skip].start : body.length ? body[body.length - 1].next : d.text.length;
  const end = body.length ? body[body.length - 1].next : d.text.length;
  const description = body.map((l) => COMMENT_RE.exec(l.text.trim())?.[1]).find((c) => c !== undefined) ?? '';
  const rollback: string[] = [];
  let firstRollback: Line | undefined;
  let sqlAfterRollback = false;
  for (let i = 0; i < body.length; i++) {
    const t = body[i].text.trim();
    const r = ROLLBACK_RE.exec(t);
    if (r) {
      firstRollback ??= body[i];
      // The regex ate the one space after `--rollback`; further indentation is the SQL's own.
      const sql = r[1] ?? '';
      if (!/^(empty|not required)$/i.test(sql.trim())) rollback.push(sql);
    } else if (/^\/\*\s*liquibase\s+rollback\b/i.test(t)) {
      firstRollback ??= body[i];
      const close = body.findIndex((x, j) => j >= i && x.text.includes('*/'));
      if (close < 0) problems.add(d.file, 'unterminated /* liquibase rollback block', body[i].number);
      const stop = close < 0 ? body.length - 1 : close;
      const block = body.slice(i, stop + 1).map((x) => x.text).join('\n');
      rollback.push(block.replace(/^\s*\/\*\s*liquibase\s+rollback\b/i, '').replace(/\*\/\s*$/, '').trim());
      i = stop;
    } else if (firstRollback && t !== '' && !t.startsWith('--')) sqlAfterRollback = true;
  }
  const upEnd = firstRollback && !sqlAfterRollback ? firstRollback.start : end;
  const up = part(d, start, upEnd);
  if (!firstRollback) return { up, description };
  const at = part(d, firstRollback.start);
  return { up, description, down: { file: d.file, text: rollback.filter((s) => s.trim() !== '').join('\n'), line: at.line, offset: at.offset } };
}

function parse(listing: DirListing): readonly Migration[] {
  const problems = new Problems();
  const out: Migration[] = [];
  const keys = new Map<string, number>();
  const versions = new Map<string, string>();
  for (const f of listing.files.filter((x) => x.name.endsWith('.sql'))) {
    if (!hasHeader(f)) {
      problems.add(f.name, 'does not start with "--liquibase formatted sql"');
      continue;
    }
    for (const { author, line: at, ...m } of changesets(decodeFile(f), problems)) {
      const key = `${f.name}::${m.version}::${author}`;
      const first = keys.get(key);
      if (first !== undefined) {
        problems.add(f.name, `duplicate changeset ${author}:${m.version} (first at line ${first}); Liquibase identifies a changeset by file, id and author`, at);
        continue;
      }
      keys.set(key, at);
      const version = versions.has(m.version) ? key : m.version;
      const other = versions.get(version);
      if (other !== undefined) problems.add(f.name, `changeset ${author}:${m.version} would be stored as ${version}, which ${other} already uses`);
      versions.set(version, f.name);
      out.push({ ...m, version });
    }
  }
  problems.throwIfAny('liquibase');
  return out;
}

function render(m: MigrationSource): readonly DirFile[] {
  const attrsText = m.noTransaction ? ' runInTransaction:false' : '';
  let text = `--liquibase formatted sql\n\n--changeset cairn:${m.version}${attrsText}\n`;
  if (m.description) text += `--comment: ${m.description}\n`;
  text += withNewline(m.up);
  if (m.down !== undefined) {
    const rows = m.down.split(/\r?\n/).filter((l) => l.trim() !== '');
    text += rows.length === 0 ? '--rollback empty\n' : rows.map((l) => `--rollback ${l}\n`).join('');
  }
  return [{ name: `${m.version}${m.description ? `_${m.description}` : ''}.sql`, bytes: Buffer.from(text, 'utf8') }];
}

/** compareLiquibaseIds approximates directory order: numeric ids numerically, others bytewise. */
export function compareLiquibaseIds(a: string, b: string): number {
  if (/^\d+$/.test(a) && /^\d+$/.test(b)) return BigInt(a) < BigInt(b) ? -1 : BigInt(a) > BigInt(b) ? 1 : 0;
  return compareBytes(a, b);
}

export const liquibaseFormat: DirFormat = {
  name: 'liquibase',
  writable: true,
  detect(listing) {
    const sql = listing.files.filter((f) => f.name.endsWith('.sql'));
    return sql.length === 0 ? 0 : 0.95 * (sql.filter(hasHeader).length / sql.length);
  },
  sumFiles: (listing) => listing.files.filter((f) => f.name.endsWith('.sql')),
  parse,
  compareVersions: compareLiquibaseIds,
  render,
  nextVersion: nextSequential,
};
