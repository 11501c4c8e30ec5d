/**
 * TX101: a file whose statements do not all share one transaction. The runner wraps a file in a
 * transaction where the database allows (PostgreSQL, SQLite), so a failure undoes the whole
 * file; two things break that promise:
 *
 * - a statement no transaction may hold (CREATE INDEX CONCURRENTLY, VACUUM...): the runner must
 *   then run the whole file without one, statement by statement;
 * - a file that manages its own transactions (BEGIN … COMMIT) but leaves work outside them.
 *
 * Either way a failure half-way leaves the statements before it applied, and the file has to be
 * finished by hand. Session settings (SET lock_timeout, PRAGMA) and transaction control do no
 * work of their own and are not counted. One finding per file.
 *
 * A statement that cannot run in a transaction but that the pass says runs in one (a file the
 * runner would wrap) is the database's own rule to report (PostgreSQL: PG108, an error): the
 * file fails outright rather than running half-way, which is another reason.
 */
import type { FilePass, Finding, LintRule } from '../types.js';
import { statementHead } from './context.js';
import { cannotRunInTransaction, doesWork } from './sql-text.js';

export const TX101: LintRule = Object.freeze({
  code: 'TX101',
  family: 'transaction',
  severity: 'warning',
  summary: 'Transactional and non-transactional statements mixed in one file',
  checkFile(fp: FilePass): readonly Finding[] {
    const working = fp.statements.filter((p) => doesWork(p.statement.text));
    const outside = working.filter((p) => cannotRunInTransaction(p.statement.text));
    const rest = working.filter((p) => !cannotRunInTransaction(p.statement.text));
    if (outside.some((p) => p.inTransaction)) return [];
    if (outside.length > 0 && rest.length > 0) {
      const first = outside[0]!;
      return [{
        statement: first.index,
        message: `\`${statementHead(first)}\` cannot run inside a transaction, so the runner runs this whole file without one: if ${rest.length === 1 ? 'its other statement' : `any of its other ${rest.length} statements`} fails, the statements before it stay applied and the file is left half-done`,
        fix: `move \`${statementHead(first)}\` into a migration file of its own (with \`-- atlas:txmode none\` at the top) and keep the other statements in a file the runner wraps in a transaction`,
      }];
    }
    if (fp.file.noTransaction) return [];
    const inside = working.filter((p) => p.inTransaction);
    const loose = working.filter((p) => !p.inTransaction);
    if (inside.length === 0 || loose.length === 0) return [];
    const first = loose[0]!;
    return [{
      statement: first.index,
      message: `\`${statementHead(first)}\` runs outside the transaction this file opens for its other statements: it commits on its own, so a failure in the transaction does not undo it (nor a failure of it the transaction)`,
      fix: `put every statement of the file inside its BEGIN … COMMIT (or remove them and let the runner wrap the file), or move \`${statementHead(first)}\` into a file of its own`,
    }];
  },
});
