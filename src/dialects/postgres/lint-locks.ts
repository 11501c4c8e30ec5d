/**
 * What a statement locks, read from its text: the tables it takes an ACCESS EXCLUSIVE lock on
 * (the lock that blocks reads too, and that queues every later query behind it while it waits),
 * and whether it can run inside a transaction block at all.
 *
 * The levels follow PostgreSQL's documentation and were checked against `pg_locks` on a
 * PostgreSQL 15 server (test/lint/postgres-locks-levels.test.ts keeps checking them): ALTER
 * TABLE takes ACCESS EXCLUSIVE unless every subcommand is one of the lighter ones listed in
 * `LIGHT_SUBCOMMANDS`; DROP TABLE, TRUNCATE, DROP INDEX, DROP TRIGGER, policies, rules, LOCK,
 * CLUSTER, VACUUM FULL and REINDEX take it too; CREATE INDEX (SHARE), CREATE TRIGGER and ADD
 * FOREIGN KEY (SHARE ROW EXCLUSIVE), VALIDATE CONSTRAINT and COMMENT (SHARE UPDATE EXCLUSIVE)
 * do not.
 */
import { isOp, isWord, readName, skipWords, startsWith, type QualifiedName, type Token } from './lint-sql.js';
import { parseAlterTable } from './lint-alter-table.js';

/**
 * A relation a statement locks, as named in it: a table; an index (whose table is locked); or
 * a constraint dropped from a table, which for a foreign key locks the referenced table too.
 */
export type LockTarget =
  | { readonly table: QualifiedName }
  | { readonly index: QualifiedName }
  | { readonly constraintOf: QualifiedName; readonly constraint: string };

/**
 * accessExclusiveTargets lists what a statement takes an ACCESS EXCLUSIVE lock on. Relations
 * only: whether each is an existing table is for the caller to decide against the schema.
 */
export function accessExclusiveTargets(tokens: readonly Token[]): LockTarget[] {
  const t = tokens;
  if (startsWith(t, 'alter', 'table')) return alterTableTargets(t);
  if (startsWith(t, 'drop', 'table')) return nameList(t, skipWords(t, 2, ['if', 'exists'])).map(asTable);
  if (startsWith(t, 'truncate')) return nameList(t, skipWords(t, 1, ['table'], ['only'])).map(asTable);
  if (startsWith(t, 'drop', 'index')) {
    if (isWord(t[2], 'concurrently')) return [];
    return nameList(t, skipWords(t, 2, ['if', 'exists'])).map((index) => ({ index }));
  }
  if (startsWith(t, 'lock')) {
    const at = skipWords(t, 1, ['table'], ['only']);
    const mode = t.findIndex((x) => isWord(x, 'in'));
    const exclusive = mode < 0 || (isWord(t[mode + 1], 'access') && isWord(t[mode + 2], 'exclusive'));
    return exclusive ? nameList(t, at).map(asTable) : [];
  }
  if (startsWith(t, 'cluster')) {
    const n = readName(t, skipWords(t, 1, ['verbose']));
    return n !== undefined ? [asTable(n.name)] : [];
  }
  if (startsWith(t, 'vacuum')) {
    const options = isOp(t[1], '(') ? t.slice(1, t.findIndex((x) => isOp(x, ')')) + 1) : [];
    const full = options.some((x) => isWord(x, 'full')) || isWord(t[1], 'full');
    if (!full) return [];
    const close = options.length > 0 ? 1 + options.length : 1;
    return nameList(t, skipWords(t, close, ['full'], ['freeze'], ['verbose'], ['analyze'])).map(asTable);
  }
  if (startsWith(t, 'reindex')) return reindexTargets(t);
  if (startsWith(t, 'drop', 'trigger') || startsWith(t, 'drop', 'policy') || startsWith(t, 'drop', 'rule')) return onTable(t, 'on');
  if (startsWith(t, 'create', 'policy') || startsWith(t, 'alter', 'policy')) return onTable(t, 'on');
  if (startsWith(t, 'create', 'rule') || startsWith(t, 'create', 'or', 'replace', 'rule')) return onTable(t, 'to');
  if (startsWith(t, 'create')) return partitionParent(t);
  return [];
}

const asTable = (table: QualifiedName): LockTarget => ({ table });

/** nameList reads `a, b.c, ONLY d *` from `at` up to the first token that is not part of the list. */
function nameList(t: readonly Token[], at: number): QualifiedName[] {
  const out: QualifiedName[] = [];
  let k = at;
  for (;;) {
    k = skipWords(t, k, ['only']);
    const n = readName(t, k);
    if (n === undefined) break;
    out.push(n.name);
    k = n.next;
    if (isOp(t[k], '*')) k++;
    if (!isOp(t[k], ',')) break;
    k++;
  }
  return out;
}

/** onTable reads the table after the keyword `word` (`DROP TRIGGER x ON t`, `CREATE RULE r AS ON INSERT TO t`). */
function onTable(t: readonly Token[], word: string): LockTarget[] {
  const at = t.findIndex((x, k) => k > 2 && isWord(x, word));
  const n = at < 0 ? undefined : readName(t, skipWords(t, at + 1, ['only']));
  return n !== undefined ? [asTable(n.name)] : [];
}

/** `CREATE TABLE x PARTITION OF parent` locks the parent ACCESS EXCLUSIVE (ATTACH PARTITION does not). */
function partitionParent(t: readonly Token[]): LockTarget[] {
  const table = t.findIndex((x) => isWord(x, 'table'));
  if (table < 0 || table > 4) return [];
  const n = readName(t, skipWords(t, table + 1, ['if', 'not', 'exists']));
  if (n === undefined || !isWord(t[n.next], 'partition') || !isWord(t[n.next + 1], 'of')) return [];
  const parent = readName(t, n.next + 2);
  return parent !== undefined ? [asTable(parent.name)] : [];
}

/** REINDEX without CONCURRENTLY locks the index ACCESS EXCLUSIVE, which stops every query that plans on its table. */
function reindexTargets(t: readonly Token[]): LockTarget[] {
  let k = 1;
  if (isOp(t[k], '(')) {
    while (k < t.length && !isOp(t[k], ')')) k++;
    k++;
  }
  const kind = t[k]?.value;
  if (isWord(t[k + 1], 'concurrently')) return [];
  const n = readName(t, k + 1);
  if (n === undefined) return [];
  if (kind === 'index') return [{ index: n.name }];
  if (kind === 'table') return [asTable(n.name)];
  return [];
}

/**
 * The ALTER TABLE subcommands that take less than ACCESS EXCLUSIVE, each as the keywords it
 * starts with (`*` stands for the one column or constraint name).
 */
const LIGHT_SUBCOMMANDS: readonly (readonly string[])[] = [
  ['validate', 'constraint'], // SHARE UPDATE EXCLUSIVE
  ['add', 'foreign', 'key'], // SHARE ROW EXCLUSIVE
  ['add', 'constraint', '*', 'foreign', 'key'],
  ['alter', 'column', '*', 'set', 'statistics'], // SHARE UPDATE EXCLUSIVE
  ['alter', '*', 'set', 'statistics'],
  ['alter', 'column', '*', 'set', '('],
  ['alter', '*', 'set', '('],
  ['alter', 'column', '*', 'reset', '('],
  ['alter', '*', 'reset', '('],
  ['cluster', 'on'],
  ['set', 'without', 'cluster'],
  ['set', '('], // storage parameters: SHARE UPDATE EXCLUSIVE
  ['reset', '('],
  ['enable', 'trigger'], // SHARE ROW EXCLUSIVE
  ['enable', 'always', 'trigger'],
  ['enable', 'replica', 'trigger'],
  ['disable', 'trigger'],
];

function matches(sub: readonly Token[], pattern: readonly string[]): boolean {
  return pattern.every((w, k) => (w === '*' ? sub[k]?.kind === 'word' || sub[k]?.kind === 'ident' : w === '(' ? isOp(sub[k], '(') : isWord(sub[k], w)));
}

function alterTableTargets(t: readonly Token[]): LockTarget[] {
  const a = parseAlterTable(t);
  if (a === undefined) return []; // ALTER TABLE ALL IN TABLESPACE: not a migration's business
  const { rest, subcommands } = a;
  const self = asTable(a.table);
  // ATTACH PARTITION: SHARE UPDATE EXCLUSIVE on the parent, ACCESS EXCLUSIVE on the table attached.
  if (isWord(rest[0], 'attach') && isWord(rest[1], 'partition')) {
    const part = readName(rest, 2);
    return part !== undefined ? [asTable(part.name)] : [];
  }
  // DETACH PARTITION CONCURRENTLY / FINALIZE: SHARE UPDATE EXCLUSIVE; plain DETACH locks both.
  if (isWord(rest[0], 'detach') && isWord(rest[1], 'partition')) {
    const part = readName(rest, 2);
    if (part === undefined || isWord(rest[part.next], 'concurrently') || isWord(rest[part.next], 'finalize')) return [];
    return [self, asTable(part.name)];
  }
  if (!subcommands.some((sub) => !LIGHT_SUBCOMMANDS.some((p) => matches(sub, p)))) return [];
  // DROP CONSTRAINT of a foreign key also locks the table it references ACCESS EXCLUSIVE.
  const dropped = subcommands.flatMap((sub): LockTarget[] => {
    if (!isWord(sub[0], 'drop') || !isWord(sub[1], 'constraint')) return [];
    const c = sub[skipWords(sub, 2, ['if', 'exists'])];
    return c !== undefined && (c.kind === 'word' || c.kind === 'ident') ? [{ constraintOf: a.table, constraint: c.value }] : [];
  });
  return [self, ...dropped];
}

/**
 * nonTransactional names what a statement is when PostgreSQL refuses to run it inside a
 * transaction block ("CREATE INDEX CONCURRENTLY cannot run inside a transaction block"), or
 * returns undefined.
 */
export function nonTransactional(tokens: readonly Token[]): string | undefined {
  const t = tokens;
  if (startsWith(t, 'create', 'index', 'concurrently') || startsWith(t, 'create', 'unique', 'index', 'concurrently')) return 'CREATE INDEX CONCURRENTLY';
  if (startsWith(t, 'drop', 'index', 'concurrently')) return 'DROP INDEX CONCURRENTLY';
  if (startsWith(t, 'reindex')) {
    if (t.some((x) => isWord(x, 'concurrently'))) return 'REINDEX CONCURRENTLY';
    const k = isOp(t[1], '(') ? t.findIndex((x) => isOp(x, ')')) + 1 : 1;
    if (isWord(t[k], 'database') || isWord(t[k], 'system')) return `REINDEX ${t[k].value.toUpperCase()}`;
    return undefined;
  }
  if (startsWith(t, 'alter', 'table') && t.some((x, k) => isWord(x, 'detach') && isWord(t[k + 1], 'partition')) && t.some((x) => isWord(x, 'concurrently'))) {
    return 'ALTER TABLE … DETACH PARTITION … CONCURRENTLY';
  }
  if (startsWith(t, 'vacuum')) return 'VACUUM';
  if (startsWith(t, 'create', 'database') || startsWith(t, 'drop', 'database')) return `${t[0].value.toUpperCase()} DATABASE`;
  if (startsWith(t, 'create', 'tablespace') || startsWith(t, 'drop', 'tablespace')) return `${t[0].value.toUpperCase()} TABLESPACE`;
  if (startsWith(t, 'alter', 'system')) return 'ALTER SYSTEM';
  return undefined;
}
