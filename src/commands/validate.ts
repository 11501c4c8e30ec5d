import { resolve } from 'node:path';
import { CairnError } from '../errors.js';
import { detectFormat, getFormat } from '../migrate/dir/formats/index.js';
import { readListing } from '../migrate/dir/listing.js';
import { parseListing } from '../migrate/dir/read.js';
import type { FormatName, MigrationDir } from '../migrate/dir/types.js';
import type { Problem } from '../migrate/dir/problems.js';
import { checkSum, type SumFinding } from '../migrate/sum/check.js';
import { splitStatements } from '../sql/lexer.js';
import { MYSQL_LEXER, POSTGRES_LEXER, SQLITE_LEXER } from '../sql/presets.js';
import type { LexProblem } from '../sql/types.js';
import { problemInFile } from '../migrate/runner/statements.js';

export interface ValidateOptions {
  readonly dir: string;
  readonly format?: FormatName;
}

export interface ValidateResult {
  /** True when atlas.sum matches and every file parses. */
  readonly ok: boolean;
  readonly findings: readonly SumFinding[];
  readonly format: FormatName;
  /** Number of migrations parsed (0 when `invalid` is set). */
  readonly migrations: number;
  /** When atlas.sum does not match and the files also fail to parse: the parse error, reported alongside. */
  readonly invalid?: { readonly code: string; readonly message: string };
  /** Files the format's own tool would skip (a Flyway `V11_x.sql`); present only when there are some. */
  readonly warnings?: readonly Problem[];
  /** Why `ok` is false: no atlas.sum at all, or one that does not match. Absent when ok. */
  readonly code?: 'SUM_MISSING' | 'SUM_MISMATCH';
}

/**
 * validate checks a directory (`cairn validate`): file names, versions and encodings (a problem
 * there throws CairnError DIR_INVALID / FILE_UNREADABLE listing every bad file), then atlas.sum
 * against the files. Sum problems are returned as findings, not thrown, so the caller can
 * print them all and choose the exit code.
 */
export function validate(opts: ValidateOptions): ValidateResult {
  const listing = readListing(resolve(opts.dir));
  const format = opts.format ? getFormat(opts.format) : detectFormat(listing);
  // The sum is checked on the raw files first: deleting a golang-migrate `.up.sql` or a Drizzle
  // file also breaks parsing (an orphan down file, a journal entry without its file), and then
  // "L4: 000003_x.up.sql was removed" is the finding the user needs, not the parse error.
  const check = checkSum({ format, listing });
  let dir: MigrationDir;
  try {
    dir = parseListing(listing, { format: format.name });
    checkSql(dir);
  } catch (err) {
    if (check.present && !check.ok && err instanceof CairnError) {
      return { ok: false, findings: check.findings, format: format.name, migrations: 0, invalid: { code: err.code, message: err.message }, code: 'SUM_MISMATCH' };
    }
    throw err;
  }
  const warnings = dir.warnings ?? [];
  const code = check.ok ? undefined : check.findings.every((f) => f.kind === 'sum-missing') ? 'SUM_MISSING' : 'SUM_MISMATCH';
  return { ok: check.ok, findings: check.findings, format: format.name, migrations: dir.migrations.length, ...(warnings.length ? { warnings } : {}), ...(code ? { code } : {}) };
}

export { assertValidDir } from '../migrate/sum/dir-gate.js';

const LEXERS = [POSTGRES_LEXER, MYSQL_LEXER, SQLITE_LEXER] as const;

/**
 * checkSql makes sure every SQL part can be split into statements. The directory does not say
 * which database it is for, so a part is only reported when no dialect's lexer can split it (an
 * unterminated quote or comment): `'it\\'s'` is fine for MySQL and must not fail validate.
 * Throws CairnError SQL_SYNTAX listing every such file with line:column.
 */
export function checkSql(dir: MigrationDir): void {
  const rows: { file: string; line: number; column: number; message: string }[] = [];
  for (const m of dir.migrations) {
    if (m.kind !== 'sql') continue;
    for (const part of m.down ? [m.up, m.down] : [m.up]) {
      if (part.statements !== undefined || part.text.trim() === '') continue;
      let first: LexProblem | undefined;
      for (const lexer of LEXERS) {
        const p = splitStatements(part.text, lexer).problems?.[0];
        if (p === undefined) {
          first = undefined;
          break;
        }
        first ??= p;
      }
      if (first) rows.push({ file: part.file, ...problemInFile(part, first) });
    }
  }
  if (rows.length === 0) return;
  const lines = rows.map((r) => `  ${r.file}:${r.line}:${r.column}: ${r.message}`).join('\n');
  throw new CairnError('SQL_SYNTAX', `${rows.length} file${rows.length === 1 ? '' : 's'} cannot be split into SQL statements:\n${lines}`, {
    details: { file: rows[0].file, line: rows[0].line, column: rows[0].column, problems: rows },
    hint: 'close the quote or comment that starts there',
  });
}
