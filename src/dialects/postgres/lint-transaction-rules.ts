/**
 * PG109, PG110: rules that look across a file's statements.
 *
 * PG109: a value added by `ALTER TYPE … ADD VALUE` cannot be used until the transaction that
 * added it commits ("unsafe use of new value"), so a file the runner wraps in one transaction
 * fails when a later statement uses it.
 *
 * PG110: a statement that needs ACCESS EXCLUSIVE waits for every running query on the table to
 * finish, and while it waits every new query queues behind it: a migration stuck behind one
 * slow report stops all traffic to the table. A `lock_timeout` makes it give up instead.
 */
import type { Finding, FilePass, LintRule, StatementPass } from '../../lint/types.js';
import type { Enum, ObjectRef } from '../../schema/model.js';
import { accessExclusiveTargets } from './lint-locks.js';
import { isOp, isTransactionEnd, isWord, startsWith, statementTokens, stringLiterals, type Token } from './lint-sql.js';
import { displayName, isExisting, resolveIndex, resolveTable } from './lint-tables.js';
import { inTransaction } from './lint-tx.js';

/** sameTransaction says whether statements `i` < `j` of a file run in one transaction (`tx`: per statement, whether in one). */
function sameTransaction(p: FilePass, tx: readonly boolean[], i: number, j: number): boolean {
  if (!tx[i] || !tx[j]) return false;
  for (let k = i + 1; k < j; k++) if (isTransactionEnd(statementTokens(p.statements[k].statement))) return false;
  return true;
}

/** The names (folded as the tokens fold them) that point at an enum when `s` runs: its own, its tables' and domains'. */
function enumMentions(e: Enum, s: StatementPass): Set<string> {
  const names = new Set([e.name]);
  const isEnum = (ref: ObjectRef | undefined) => ref !== undefined && ref.schema === e.schema && ref.name === e.name;
  for (const schema of s.before.schemas) {
    for (const t of schema.tables) if (t.columns.some((c) => isEnum(c.type.ref))) names.add(t.name);
    for (const d of schema.domains) if (isEnum(d.type.ref)) names.add(d.name);
  }
  return names;
}

/** usesValue says whether a statement uses an enum value: the value as a string where the enum or a table of it is named. */
function usesValue(tokens: readonly Token[], value: string, mentions: Set<string>): boolean {
  return stringLiterals(tokens).includes(value) && tokens.some((t) => (t.kind === 'word' || t.kind === 'ident') && mentions.has(t.value));
}

export const PG109: LintRule = {
  code: 'PG109',
  family: 'locking',
  severity: 'error',
  summary: 'enum value added by ALTER TYPE … ADD VALUE and used in the same transaction',
  checkFile(p) {
    const out: Finding[] = [];
    const reported = new Set<number>();
    const tx = inTransaction(p);
    p.statements.forEach((s, i) => {
      for (const ch of s.changes) {
        if (ch.kind !== 'AddEnumValue' || !tx[i]) continue;
        for (let j = i + 1; j < p.statements.length; j++) {
          if (!sameTransaction(p, tx, i, j)) break;
          const later = p.statements[j];
          if (reported.has(j) || !usesValue(statementTokens(later.statement), ch.value, enumMentions(ch.enum, later))) continue;
          reported.add(j);
          out.push({
            statement: j,
            message: `uses enum value '${ch.value}', which line ${s.statement.start.line} adds to ${displayName(ch.enum)} in the same transaction: PostgreSQL refuses it ("unsafe use of new value") until that transaction commits, so the migration fails`,
            fix: `move the statements that use '${ch.value}' to a later migration file (or run this file with \`-- atlas:txmode none\` so ADD VALUE commits on its own first)`,
          });
        }
      }
    });
    return out;
  },
};

/** A `lock_timeout` setting: whether it turns the timeout on, and whether it lasts only for the transaction. */
interface TimeoutSetting {
  readonly on: boolean;
  readonly local: boolean;
}

/** `0`, `'0'`, `'0ms'`, DEFAULT: no timeout (the server's default is none). */
function isOff(t: Token | undefined): boolean {
  if (t === undefined || isWord(t, 'default')) return true;
  return (t.kind === 'number' || t.kind === 'string') && /^\s*0*(\.0*)?\s*[a-z]*\s*$/i.test(t.value);
}

/** lockTimeoutSetting reads `SET [LOCAL|SESSION] lock_timeout …`, `RESET lock_timeout|ALL` and `set_config('lock_timeout', …)`. */
export function lockTimeoutSetting(t: readonly Token[]): TimeoutSetting | undefined {
  if (startsWith(t, 'reset')) return isWord(t[1], 'lock_timeout') || isWord(t[1], 'all') ? { on: false, local: false } : undefined;
  if (startsWith(t, 'set')) {
    const local = isWord(t[1], 'local');
    const k = local || isWord(t[1], 'session') ? 2 : 1;
    if (!isWord(t[k], 'lock_timeout')) return undefined;
    const v = isOp(t[k + 1], '=') || isWord(t[k + 1], 'to') ? t[k + 2] : undefined;
    return { on: !isOff(v), local };
  }
  const call = t.findIndex((x, k) => isWord(x, 'set_config') && isOp(t[k + 1], '('));
  if (call >= 0 && t[call + 2]?.kind === 'string' && t[call + 2].value === 'lock_timeout') {
    const value = t[call + 4];
    const local = isWord(t[call + 6], 'true');
    return { on: !isOff(value), local };
  }
  return undefined;
}

/** The existing tables a statement takes ACCESS EXCLUSIVE on, as named for messages. */
function lockedTables(s: StatementPass, newBefore: ReadonlySet<string> | undefined): string[] {
  const out = new Set<string>();
  const add = (table: ObjectRef | undefined) => {
    if (table !== undefined && isExisting(s, table, newBefore)) out.add(displayName(table));
  };
  for (const target of accessExclusiveTargets(statementTokens(s.statement))) {
    if ('table' in target) add(resolveTable(s.before, target.table));
    else if ('index' in target) add(resolveIndex(s.before, target.index)?.table);
    else add(resolveTable(s.before, target.constraintOf)?.foreignKeys.find((f) => f.name === target.constraint)?.refTable);
  }
  return [...out];
}

/**
 * PG110 is information by default: every ALTER TABLE takes ACCESS EXCLUSIVE, even ones that
 * finish at once, so a warning would fire on nearly every migration; teams that want every
 * statement guarded raise it to a warning or an error in `lint.rules`.
 */
export const PG110: LintRule = {
  code: 'PG110',
  family: 'locking',
  severity: 'info',
  summary: 'no lock_timeout set before a statement that takes ACCESS EXCLUSIVE on an existing table',
  checkFile(p) {
    const out: Finding[] = [];
    let session = false;
    let local = false;
    const tx = inTransaction(p);
    p.statements.forEach((s, i) => {
      const t = statementTokens(s.statement);
      if (isTransactionEnd(t)) local = false;
      const set = lockTimeoutSetting(t);
      if (set !== undefined) {
        // SET LOCAL outside a transaction block does nothing (PostgreSQL only warns).
        if (set.local) local = tx[i] && set.on;
        else [session, local] = [set.on, false];
        return;
      }
      if (session || local) return;
      const tables = lockedTables(s, i > 0 ? p.statements[i - 1].newTables : undefined);
      if (tables.length === 0) return;
      const names = tables.join(', ');
      out.push({
        statement: i,
        message: `takes an ACCESS EXCLUSIVE lock on ${names} with no lock_timeout set: while it waits for running queries on ${names} to finish, every new query on ${names} queues behind it, so one slow query stalls all traffic to the table`,
        fix: `set a timeout earlier in the file, e.g. SET lock_timeout = '5s' (SET LOCAL inside a transaction), so the statement gives up quickly and the deployment can be retried instead of stalling traffic`,
      });
    });
    return out;
  },
};
