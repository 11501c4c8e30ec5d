/**
 * The statements of a migration under review, as lint walks them: split with the dialect's
 * lexer, their positions counted in the file (not in the section of it that holds the up
 * part), and the file's own `nolint` directive.
 */
import { CairnError } from '../errors.js';
import { splitStatements } from '../sql/lexer.js';
import { parseDirectives } from '../sql/directives.js';
import type { LexerOptions, Position, Statement } from '../sql/types.js';
import type { SqlPart } from '../migrate/dir/types.js';

export interface FileStatements {
  /** Positions in the file. */
  readonly statements: readonly Statement[];
  /** `-- atlas:nolint …` / `-- cairn:nolint …` in the file header; [] silences everything. */
  readonly nolint?: readonly string[];
}

/**
 * splitForLint splits an up part; SQL the lexer cannot make sense of (a quote never closed) is
 * CairnError SQL_SYNTAX naming the file, line and column where the construct began.
 */
export function splitForLint(part: SqlPart, lexer: LexerOptions): FileStatements {
  if (part.statements !== undefined) return { statements: part.statements.map((s) => inFile(s, part)), nolint: parseDirectives(part.text).nolint };
  const r = splitStatements(part.text, lexer);
  const problem = r.problems?.[0];
  if (problem !== undefined) {
    const line = part.line + problem.position.line - 1;
    const what = problem.message.replace(/\s*\bline \d+, column \d+$/, '');
    throw new CairnError('SQL_SYNTAX', `${part.file}:${line}:${problem.position.column}: ${what} line ${line}, column ${problem.position.column}`, {
      details: { file: part.file, line, column: problem.position.column },
      hint: 'close the quote or comment that starts there; lint cannot tell where the statements of this file end',
    });
  }
  return { statements: r.statements.map((s) => inFile(s, part)), nolint: r.directives.nolint };
}

/** inFile moves a statement's positions from its section to the file. */
function inFile(s: Statement, part: SqlPart): Statement {
  if (part.line === 1 && part.offset === 0) return s;
  const shift = (p: Position): Position => ({ offset: p.offset + part.offset, line: p.line + part.line - 1, column: p.column });
  return { ...s, start: shift(s.start), end: shift(s.end) };
}

/**
 * Statements that cannot change the schema: data changes and queries, session settings,
 * maintenance, and the start or end of a transaction (ROLLBACK can, and is not here). After
 * one of these lint does not inspect the dev database again: the schema is the one before.
 * A MySQL executable comment (`/*!40101 SET … *\/`) is classified by what it holds.
 */
const KEEPS_SCHEMA = /^(insert|update|delete|merge|replace|select|values|with|copy|set|reset|show|explain|describe|analy[sz]e|vacuum|checkpoint|lock|unlock|truncate|begin|start\s+transaction|commit|end|savepoint|release|listen|unlisten|notify|discard|pragma)\b/i;

/** changesSchema says whether a statement may change the schema (anything not known to keep it). */
export function changesSchema(text: string): boolean {
  const t = text.replace(/^\/\*!\d*\s*/, '').trimStart();
  if (/^(begin|end)\b/i.test(t) && !/^(begin|end)\s*(;|$|\b(transaction|work|deferred|immediate|exclusive|isolation|read)\b)/i.test(t)) return true;
  return !KEEPS_SCHEMA.test(t);
}
