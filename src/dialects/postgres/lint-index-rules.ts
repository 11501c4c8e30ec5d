/**
 * PG101, PG102, PG108: building and dropping indexes on tables in use. A plain CREATE INDEX
 * holds a SHARE lock (no inserts, updates or deletes) for the whole build; a unique or primary
 * key constraint added by ALTER TABLE builds its index under ACCESS EXCLUSIVE; a plain DROP
 * INDEX takes ACCESS EXCLUSIVE on the table. The CONCURRENTLY forms avoid that, but PostgreSQL
 * refuses them inside a transaction block, which is where the runner puts a file unless it says
 * `-- atlas:txmode none`.
 */
import type { Finding, LintRule } from '../../lint/types.js';
import type { Change } from '../../diff/changes.js';
import { nonTransactional } from './lint-locks.js';
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

type ConstraintIndexChange = Extract<Change, { kind: 'AddPrimaryKey' }> | Extract<Change, { kind: 'AddConstraint' }>;

function constraintIndexFinding(ch: ConstraintIndexChange): Finding | undefined {
  const t = displayName(ch.table);
  if (ch.kind === 'AddPrimaryKey') {
    const cols = ch.primaryKey.columns.join(', ');
    return {
      message: `adds primary key ${ch.primaryKey.name} to ${t}, building its unique index under an ACCESS EXCLUSIVE lock: every read and write of ${t} waits until the whole table is indexed`,
      fix: `build the index first with CREATE UNIQUE INDEX CONCURRENTLY ${ch.primaryKey.name} ON ${t} (${cols}) ${OWN_FILE}, then ALTER TABLE ${t} ADD CONSTRAINT ${ch.primaryKey.name} PRIMARY KEY USING INDEX ${ch.primaryKey.name} (the columns must already be NOT NULL)`,
    };
  }
  if (ch.type === 'unique') {
    const cols = 'columns' in ch.constraint ? ch.constraint.columns.join(', ') : '';
    return {
      message: `adds unique constraint ${ch.constraint.name} to ${t}, building its index under an ACCESS EXCLUSIVE lock: every read and write of ${t} waits until the whole table is indexed`,
      fix: `build the index first with CREATE UNIQUE INDEX CONCURRENTLY ${ch.constraint.name} ON ${t} (${cols}) ${OWN_FILE}, then ALTER TABLE ${t} ADD CONSTRAINT ${ch.constraint.name} UNIQUE USING INDEX ${ch.constraint.name}`,
    };
  }
  if (ch.type === 'exclusion') {
    return {
      message: `adds exclusion constraint ${ch.constraint.name} to ${t}, building its index under an ACCESS EXCLUSIVE lock: every read and write of ${t} waits until the whole table is indexed`,
      fix: 'PostgreSQL cannot build an exclusion constraint concurrently: run it when the table is quiet, with a short lock_timeout, and mark it `-- cairn:nolint PG101` once reviewed',
    };
  }
  return undefined;
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
      if (ch.kind === 'AddIndex' && isCreateIndex(t) && !isConcurrent(t) && !onOnly(t) && isExisting(p, ch.table)) {
        const name = displayName(ch.table);
        const partitioned = findTable(p.before, ch.table)?.partitionBy !== undefined;
        out.push({
          message: `creates index ${ch.index.name} on ${name} without CONCURRENTLY: it holds a SHARE lock while it reads the whole table${partitioned ? ' and every partition' : ''}, so every INSERT, UPDATE and DELETE on ${name} waits until the index is built`,
          fix: partitioned
            ? `create it with CREATE INDEX ${ch.index.name} ON ONLY ${name} (…) (instant), then CREATE INDEX CONCURRENTLY on each partition ${OWN_FILE}, and ALTER INDEX ${ch.index.name} ATTACH PARTITION each partition's index`
            : `create it with CREATE INDEX CONCURRENTLY ${OWN_FILE}`,
        });
      }
      const builds = (ch.kind === 'AddPrimaryKey' || (ch.kind === 'AddConstraint' && (ch.type === 'unique' || ch.type === 'exclusion'))) && !usingIndex(t);
      if (builds && isExisting(p, ch.table)) {
        const f = constraintIndexFinding(ch);
        if (f !== undefined) out.push(f);
      }
    }
    return out;
  },
};

/** `ADD CONSTRAINT … UNIQUE USING INDEX i`: the index exists already, nothing is built. */
function usingIndex(t: readonly Token[]): boolean {
  return t.some((x, k) => isWord(x, 'using') && isWord(t[k + 1], 'index'));
}

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
          ? `PostgreSQL cannot drop an index of a partitioned table CONCURRENTLY: set a short lock_timeout first (SET lock_timeout = '5s') so the drop gives up instead of queueing traffic`
          : `drop it with DROP INDEX CONCURRENTLY ${ch.index.name} ${OWN_FILE}`,
      }];
    });
  },
};

export const PG108: LintRule = {
  code: 'PG108',
  family: 'locking',
  severity: 'error',
  summary: 'CONCURRENTLY (or another statement PostgreSQL refuses in a transaction block) in a file that runs in a transaction',
  checkStatement(p) {
    if (!p.inTransaction) return [];
    const t = statementTokens(p.statement);
    const what = nonTransactional(t) ?? (addsEnumValue(t) && (p.file.server?.major ?? 12) < 12 ? 'ALTER TYPE … ADD VALUE' : undefined);
    if (what === undefined) return [];
    const where = p.file.noTransaction ? 'it sits between BEGIN and COMMIT' : 'the runner wraps this file in a transaction';
    return [{
      message: `${what} cannot run inside a transaction block, and ${where}: the migration fails with "${what.split(' …')[0]} cannot run inside a transaction block"`,
      fix: `move it to its own migration file marked \`-- atlas:txmode none\`, one such statement per file so a failure leaves nothing half-applied${startsWith(t, 'create') ? ' (a failed CONCURRENTLY build leaves an INVALID index to drop before retrying)' : ''}`,
    }];
  },
};
