/**
 * SQL literals for the batched path. PostgreSQL's simple query protocol (and SQLite's exec)
 * accept a whole script but no parameters, so the revision row written in the same round trip
 * as a file's statements has to be spelled as literals. The quoting follows the lexer flags the
 * dialect already declares (so the core never asks which database it is):
 *  - `escapeStrings` (PostgreSQL): E'...' with `\` and `'` doubled — correct whatever
 *    standard_conforming_strings is set to;
 *  - `backslashEscapes` (MySQL): '...' with `\` and `'` doubled;
 *  - otherwise (SQLite, standard SQL): '...' with `'` doubled.
 * Stepwise execution uses bound parameters instead.
 */
import type { LexerOptions } from '../../sql/types.js';
import { CairnError } from '../../errors.js';

export type SqlValue = string | number | null;

export function sqlLiteral(value: SqlValue, lexer: LexerOptions): string {
  if (value === null) return 'NULL';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new CairnError('INTERNAL', `cannot write ${value} as SQL`);
    return String(Math.trunc(value));
  }
  if (value.includes('\0')) throw new CairnError('INTERNAL', 'a NUL character cannot be stored in the revision table');
  if (lexer.escapeStrings) return `E'${value.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
  if (lexer.backslashEscapes) return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
  return `'${value.replace(/'/g, "''")}'`;
}
