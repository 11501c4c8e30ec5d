/**
 * PG103, PG104, PG106: constraints that make PostgreSQL read the whole table while it holds a
 * lock. A FOREIGN KEY or CHECK added to an existing table is checked against every row at once
 * (FK: SHARE ROW EXCLUSIVE on both tables, no writes; CHECK: ACCESS EXCLUSIVE, nothing at all)
 * unless it is added NOT VALID and validated later by VALIDATE CONSTRAINT, which takes only
 * SHARE UPDATE EXCLUSIVE. SET NOT NULL scans under ACCESS EXCLUSIVE unless a validated
 * `CHECK (col IS NOT NULL)` already proves it (PostgreSQL 12+).
 */
import type { Finding, LintRule } from '../../lint/types.js';
import { addedToExisting } from './lint-added.js';
import type { Check, Table } from '../../schema/model.js';
import { hasAttr } from './schema-types.js';
import { isOp, isWord, statementTokens, tokenize, type Token } from './lint-sql.js';
import { droppedColumns, parseAlterTable } from './lint-alter-table.js';
import { displayName, findTable, isExisting } from './lint-tables.js';
import { typeChangeRewrites } from './lint-type-change.js';

const LOCK_TIMEOUT_FIRST = "with SET lock_timeout = '5s' first";

export const PG103: LintRule = {
  code: 'PG103',
  family: 'locking',
  severity: 'warning',
  summary: 'FOREIGN KEY added to an existing table without NOT VALID (scans it while blocking writes to both tables)',
  checkStatement(p) {
    return addedToExisting(p, ['foreignKey']).map((fk): Finding => {
      const t = displayName(fk.table);
      const ref = fk.refTable !== undefined ? displayName(fk.refTable) : 'the referenced table';
      const name = fk.name ?? '…';
      const partitioned = findTable(p.before, fk.table)?.partitionBy !== undefined;
      return {
        message: `adds foreign key ${fk.name ?? ''}${fk.name ? ' ' : ''}(${t} → ${ref}) and checks every existing row of ${t} at once, holding SHARE ROW EXCLUSIVE locks that block INSERT, UPDATE and DELETE on both ${t} and ${ref} for the whole scan`,
        fix: partitioned
          ? `PostgreSQL refuses NOT VALID foreign keys on a partitioned table: add the key NOT VALID to each partition, VALIDATE CONSTRAINT each in a later migration, then add it to ${t} (it reuses the partitions' validated keys)`
          : `add it with NOT VALID (instant; new rows are still checked), then run ALTER TABLE ${t} VALIDATE CONSTRAINT ${name} in a later migration: validation takes a SHARE UPDATE EXCLUSIVE lock, so reads and writes go on`,
      };
    });
  },
};

export const PG104: LintRule = {
  code: 'PG104',
  family: 'locking',
  severity: 'warning',
  summary: 'CHECK added to an existing table without NOT VALID (scans it under ACCESS EXCLUSIVE)',
  checkStatement(p) {
    return addedToExisting(p, ['check']).map((ck): Finding => {
      const t = displayName(ck.table);
      return {
        message: `adds CHECK ${ck.name ?? ''}${ck.name ? ' ' : ''}to ${t} and checks every existing row while holding an ACCESS EXCLUSIVE lock: every read and write of ${t} waits for the scan`,
        fix: `add it with NOT VALID (${LOCK_TIMEOUT_FIRST}; instant, new rows are still checked), then run ALTER TABLE ${t} VALIDATE CONSTRAINT ${ck.name ?? '…'} in a later migration: validation takes a SHARE UPDATE EXCLUSIVE lock, so reads and writes go on`,
      };
    });
  },
};

/** The top-level `AND` parts of an expression, each without its enclosing parentheses. */
function conjuncts(tokens: readonly Token[]): Token[][] {
  const strip = (t: Token[]): Token[] => {
    while (t.length >= 2 && isOp(t[0], '(') && isOp(t[t.length - 1], ')') && balanced(t.slice(1, -1))) t = t.slice(1, -1);
    return t;
  };
  const parts: Token[][] = [[]];
  let depth = 0;
  for (const x of strip([...tokens])) {
    if (isOp(x, '(')) depth++;
    else if (isOp(x, ')')) depth--;
    if (depth === 0 && isWord(x, 'and')) parts.push([]);
    else parts[parts.length - 1].push(x);
  }
  return parts.map(strip);
}

function balanced(t: readonly Token[]): boolean {
  let depth = 0;
  for (const x of t) {
    if (isOp(x, '(')) depth++;
    else if (isOp(x, ')') && --depth < 0) return false;
  }
  return depth === 0;
}

/** provesNotNull says whether a check's expression has `column IS NOT NULL` as one of its AND parts. */
function provesNotNull(check: Check, column: string): boolean {
  return conjuncts(tokenize(check.expr)).some((c) => c.length === 4 && (c[0].kind === 'word' || c[0].kind === 'ident') && c[0].value === column &&
    isWord(c[1], 'is') && isWord(c[2], 'not') && isWord(c[3], 'null'));
}

/** hasNotNullCheck says whether a validated CHECK on the table proves the column has no NULLs. */
export function hasNotNullCheck(table: Table | undefined, column: string): boolean {
  return table?.checks.some((k) => !hasAttr(k.attrs, 'pg.notValid') && provesNotNull(k, column)) === true;
}

export const PG106: LintRule = {
  code: 'PG106',
  family: 'locking',
  severity: 'warning',
  summary: 'SET NOT NULL on an existing table without a validated CHECK (col IS NOT NULL) (scans it under ACCESS EXCLUSIVE)',
  checkStatement(p) {
    const usesCheck = (p.file.server?.major ?? 12) >= 12;
    // A column dropped and added back NOT NULL reads as made NOT NULL, but nothing is scanned.
    const alter = parseAlterTable(statementTokens(p.statement));
    const dropped = alter !== undefined ? droppedColumns(alter) : new Set<string>();
    return p.changes.flatMap((ch): Finding[] => {
      if (ch.kind !== 'ModifyColumn' || !ch.kinds.includes('nullable') || !ch.from.nullable || ch.to.nullable || dropped.has(ch.to.name) || !isExisting(p, ch.table)) return [];
      // A rewriting type change checks NOT NULL while it rewrites: PG105 says what that costs.
      if (ch.kinds.includes('type') && typeChangeRewrites(ch.from.type.sql, ch.to.type.sql)) return [];
      if (usesCheck && hasNotNullCheck(findTable(p.before, ch.table), ch.to.name)) return [];
      const t = displayName(ch.table);
      const c = ch.to.name;
      return [{
        message: `makes ${t}.${c} NOT NULL: PostgreSQL reads every row to look for NULLs while holding an ACCESS EXCLUSIVE lock, so every read and write of ${t} waits for the scan`,
        fix: `add CHECK (${c} IS NOT NULL) NOT VALID (${LOCK_TIMEOUT_FIRST}), VALIDATE CONSTRAINT it in a later migration, then SET NOT NULL in another: PostgreSQL 12+ sees the validated check and skips the scan (the check may stay; it costs nothing)`,
      }];
    });
  },
};
