/**
 * PG101, PG102, PG108: building and dropping indexes on tables in use. A plain CREATE INDEX
 * holds a SHARE lock (no inserts, updates or deletes) for the whole build; a unique or primary
 * key constraint added by ALTER TABLE builds its index under ACCESS EXCLUSIVE; a plain DROP
 * INDEX takes ACCESS EXCLUSIVE on the table. The CONCURRENTLY forms avoid that, but PostgreSQL
 * refuses them inside a transaction block, which is where the runner puts a file unless it says
 * `-- atlas:txmode none`.
 */
import type { Finding, LintRule } from '../../lint/types.js';
import { addedToExisting, type Added } from './lint-added.js';
import { nonTransactional } from './lint-locks.js';
import { fileUnwrapped, inTransaction } from './lint-tx.js';
import { isWord, startsWith, statementTokens, type Token } from './lint-sql.js';
import { displayName, findTable, isExisting } from './lint-tables.js';

const OWN_FILE = 'in its own migration file marked `-- atlas:txmode none` (CONCURRENTLY cannot run inside a transaction)';

/** `ALTER TYPE … ADD VALUE`: refused in a transaction block before PostgreSQL 12. */
function addsEnumValue(t: readonly Token[]): boolean {
  return startsWith(t, 'alter', 'type') && t.some((x, k) => isWord(x, 'add') && isWord(t[k + 1], 'value'));
}

function isCreateIndex(t: readonly Token[]): boolean {
  return startsWith(t, 'create', 'index') || startsWith(t, 'create', 'unique', 'index');
}

function isConcurrent(t: readonly Token[]): boolean {
  return isWord(t[2], 'concurrently') || isWord(t[3], 'concurrently');
}

/** `CREATE INDEX … ON ONLY parent`: an invalid index on the partitioned table alone, made in an instant. */
function onOnly(t: readonly Token[]): boolean {
  return t.some((x, k) => isWord(x, 'on') && isWord(t[k + 1], 'only'));
}

/** The finding for a key whose index ALTER TABLE builds under ACCESS EXCLUSIVE. */
function constraintIndexFinding(a: Added): Finding {
  const t = displayName(a.table);
  const name = a.name ?? `${a.table.name}_${a.kind === 'primaryKey' ? 'pkey' : 'key'}`;
  const cols = a.columns?.join(', ') ?? '…';
  const what = a.kind === 'primaryKey' ? `primary key ${a.name ?? ''}`.trim() : a.kind === 'unique' ? `unique constraint ${a.name ?? ''}`.trim() : `exclusion constraint ${a.name ?? ''}`.trim();
  const message = `adds ${what} to ${t}, building its index under an ACCESS EXCLUSIVE lock: every read and write of ${t} waits until the whole table is indexed`;
  if (a.kind === 'exclusion') {
    return { message, fix: 'PostgreSQL cannot build an exclusion constraint concurrently: run it when the table is quiet, with a short lock_timeout, and mark it `-- cairn:nolint PG101` once reviewed' };
  }
  const key = a.kind === 'primaryKey' ? 'PRIMARY KEY' : 'UNIQUE';
  return {
    message,
    fix: `build the index first with CREATE UNIQUE INDEX CONCURRENTLY ${name} ON ${t} (${cols}) ${OWN_FILE}, then ALTER TABLE ${t} ADD CONSTRAINT ${name} ${key} USING INDEX ${name}${a.kind === 'primaryKey' ? ' (the columns must already be NOT NULL)' : ''}`,
  };
}

export const PG101: LintRule = {
  code: 'PG101',
  family: 'locking',
  severity: 'warning',
  summary: 'index built without CONCURRENTLY on an existing table (blocks writes; a constraint\'s index blocks reads too)',
  checkStatement(p) {
    const t = statementTokens(p.statement);
    const out: Finding[] = [];
    for (const ch of p.changes) {
      if (ch.kind !== 'AddIndex' || !isCreateIndex(t) || isConcurrent(t) || !isExisting(p, ch.table)) continue;
      const name = displayName(ch.table);
      const partitioned = findTable(p.before, ch.table)?.partitionBy !== undefined;
      // ON ONLY skips the partitions; on a plain table it builds the index all the same.
      if (partitioned && onOnly(t)) continue;
      out.push({
        message: `creates index ${ch.index.name} on ${name} without CONCURRENTLY: it holds a SHARE lock while it reads the whole table${partitioned ? ' and every partition' : ''}, so every INSERT, UPDATE and DELETE on ${name} waits until the index is built`,
        fix: partitioned
          ? `create it with CREATE INDEX ${ch.index.name} ON ONLY ${name} (…) (instant), then CREATE INDEX CONCURRENTLY on each partition ${OWN_FILE}, and ALTER INDEX ${ch.index.name} ATTACH PARTITION each partition's index`
          : `create it with CREATE INDEX CONCURRENTLY ${OWN_FILE}`,
      });
    }
    for (const a of addedToExisting(p, ['primaryKey', 'unique', 'exclusion'])) out.push(constraintIndexFinding(a));
    return out;
  },
};

export const PG102: LintRule = {
  code: 'PG102',
  family: 'locking',
  severity: 'warning',
  summary: 'DROP INDEX without CONCURRENTLY on an existing table (ACCESS EXCLUSIVE: blocks reads and writes)',
  checkStatement(p) {
    const t = statementTokens(p.statement);
    if (!startsWith(t, 'drop', 'index') || isWord(t[2], 'concurrently')) return [];
    return p.changes.flatMap((ch): Finding[] => {
      if (ch.kind !== 'DropIndex' || !isExisting(p, ch.table)) return [];
      const name = displayName(ch.table);
      const partitioned = findTable(p.before, ch.table)?.partitionBy !== undefined;
      return [{
        message: `drops index ${ch.index.name} without CONCURRENTLY: it takes an ACCESS EXCLUSIVE lock on ${name}, so every query on ${name} waits for the running ones to finish and then for the drop`,
        fix: partitioned
          ? `PostgreSQL cannot drop a partitioned table's index CONCURRENTLY: drop it when the table is quiet, after SET lock_timeout = '5s' so it gives up instead of queueing traffic, and mark it \`-- cairn:nolint PG102\` once reviewed`
          : `drop it with DROP INDEX CONCURRENTLY ${ch.index.name} ${OWN_FILE}`,
      }];
    });
  },
};

/** A statement that only sets something for the session: no work to lose if the file fails half-way. */
function isSetting(t: readonly Token[]): boolean {
  return startsWith(t, 'set') || startsWith(t, 'reset');
}

export const PG108: LintRule = {
  code: 'PG108',
  family: 'locking',
  severity: 'error',
  summary: 'CONCURRENTLY (or another statement PostgreSQL refuses in a transaction block) inside a transaction, or mixed into a transactional file',
  checkFile(p) {
    const tx = inTransaction(p);
    const unwrapped = fileUnwrapped(p);
    const refused = p.statements.map((s) => {
      const t = statementTokens(s.statement);
      return nonTransactional(t) ?? (addsEnumValue(t) && (p.file.server?.major ?? 12) < 12 ? 'ALTER TYPE … ADD VALUE' : undefined);
    });
    const others = p.statements.filter((s, i) => refused[i] === undefined && !isSetting(statementTokens(s.statement))).length;
    const out: Finding[] = [];
    p.statements.forEach((s, i) => {
      const what = refused[i];
      if (what === undefined) return;
      const fix = `move it to its own migration file marked \`-- atlas:txmode none\`, one such statement per file so a failure leaves nothing half-applied${startsWith(statementTokens(s.statement), 'create') ? ' (a failed CONCURRENTLY build leaves an INVALID index to drop before retrying)' : ''}`;
      if (tx[i]) {
        const where = p.file.noTransaction ? 'it sits between BEGIN and COMMIT' : 'the runner wraps this file in a transaction';
        out.push({ statement: i, message: `${what} cannot run inside a transaction block, and ${where}: the migration fails there ("cannot run inside a transaction block")`, fix });
      } else if (unwrapped && others > 0) {
        // Cairn's runner sees the statement and runs the file unwrapped; a file that says so
        // itself is what Atlas and every other runner that wraps files need. Alone in its file
        // (golang-migrate and goose directories never mark one), it runs as meant: no finding.
        const rest = others > 0 ? `its ${others} other statement(s) lose their transaction, so a failure part-way leaves the file half-applied; and ` : '';
        out.push({
          statement: i,
          message: `${what} cannot run inside a transaction block, but this file is not marked \`-- atlas:txmode none\`: Cairn runs it statement by statement because of it, ${rest}runners that wrap every file (Atlas) fail on it ("cannot run inside a transaction block")`,
          fix,
        });
      }
    });
    return out;
  },
};
