/**
 * What the lint rules read from a statement's text, for the few facts the schema changes cannot
 * tell: TRUNCATE (it changes rows, not the schema), which statements write data (a backfill
 * before a constraint), and which can never run inside a transaction. Everything else comes
 * from the changes the dev database showed. The readers are deliberately shallow (the first
 * keywords and the table they name): a statement they do not recognise counts as "something
 * else", never as an error.
 */
import type { ObjectRef } from '../../schema/model.js';
import { cannotRunInTransaction as refusesTransaction } from '../../sql/transactions.js';

/** An identifier as any of the three databases quote it, or bare. */
const IDENT = String.raw`(?:"(?:[^"]|"")*"|\x60(?:[^\x60]|\x60\x60)*\x60|\[[^\]]*\]|[A-Za-z_\u0080-\uffff][\w$\u0080-\uffff]*)`;
/** A possibly qualified name: `t`, `s.t`, `"s"."t"`. */
const NAME = String.raw`${IDENT}(?:\s*\.\s*${IDENT}){0,2}`;

/** unquote turns `"Users"`, `` `users` `` or `[users]` into the name it stands for. */
export function unquote(id: string): string {
  const t = id.trim();
  const q = t[0];
  if (q === '"' || q === '`') return t.slice(1, -1).split(q + q).join(q);
  if (q === '[') return t.slice(1, -1);
  return t;
}

/** lastPart is the object name of a possibly qualified name (`s.t` → `t`). */
function lastPart(name: string): string {
  const parts = name.match(new RegExp(IDENT, 'g')) ?? [name];
  return unquote(parts[parts.length - 1]!);
}

/** Names compare without case: every dialect's bare names do in practice, and a miss only silences a hint. */
export const sameName = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();

/** The statement without leading comments and blank space (the lexer keeps comments inside the text). */
export function bare(text: string): string {
  let t = text.trimStart();
  for (;;) {
    if (t.startsWith('--') || t.startsWith('#')) t = t.slice(t.indexOf('\n') === -1 ? t.length : t.indexOf('\n') + 1).trimStart();
    else if (t.startsWith('/*') && !t.startsWith('/*!')) t = t.slice(t.indexOf('*/') === -1 ? t.length : t.indexOf('*/') + 2).trimStart();
    else return t;
  }
}

/** The verbs that change rows. */
export type DmlVerb = 'INSERT' | 'UPDATE' | 'DELETE' | 'MERGE';

const DML = new RegExp(
  String.raw`^(?:(INSERT|REPLACE)\s+(?:(?:LOW_PRIORITY|DELAYED|HIGH_PRIORITY|IGNORE|OR\s+\w+)\s+)*INTO\s+(${NAME})` +
    String.raw`|(UPDATE)\s+(?:(?:LOW_PRIORITY|IGNORE|ONLY|OR\s+\w+)\s+)*(${NAME})` +
    String.raw`|(DELETE)\s+(?:(?:LOW_PRIORITY|QUICK|IGNORE)\s+)*FROM\s+(?:ONLY\s+)?(${NAME})` +
    String.raw`|(MERGE)\s+INTO\s+(${NAME}))`,
  'i',
);

/** dmlOf reads a data-changing statement: its verb and the table it writes; undefined for anything else. */
export function dmlOf(text: string): { readonly verb: DmlVerb; readonly table: string } | undefined {
  const m = DML.exec(bare(text));
  if (!m) return undefined;
  const verb = (m[1] ?? m[3] ?? m[5] ?? m[7])!.toUpperCase();
  const table = lastPart((m[2] ?? m[4] ?? m[6] ?? m[8])!);
  return { verb: verb === 'REPLACE' ? 'INSERT' : (verb as DmlVerb), table };
}

/** writesTable: the statement changes rows of `table` (UPDATE, DELETE, INSERT, MERGE). */
export function writesTable(text: string, table: ObjectRef, verbs: readonly DmlVerb[] = ['INSERT', 'UPDATE', 'DELETE', 'MERGE']): boolean {
  const d = dmlOf(text);
  return d !== undefined && verbs.includes(d.verb) && sameName(d.table, table.name);
}

/** mentions: `name` occurs in `text` as an identifier (bare or quoted), not inside a longer word. */
export function mentions(text: string, name: string): boolean {
  for (const m of text.matchAll(new RegExp(IDENT, 'g'))) if (sameName(unquote(m[0]), name)) return true;
  return false;
}

/** updatesColumn: an UPDATE of `table` whose SET assigns `column` (a backfill). */
export function updatesColumn(text: string, table: ObjectRef, column: string): boolean {
  if (!writesTable(text, table, ['UPDATE'])) return false;
  const set = /\bSET\b([\s\S]*?)(?:\bWHERE\b|\bFROM\b|$)/i.exec(bare(text));
  return set !== null && [...set[1]!.matchAll(new RegExp(String.raw`(${IDENT})\s*=`, 'g'))].some((m) => sameName(unquote(m[1]!), column));
}

/**
 * copiesColumn: an UPDATE of `table` that assigns a value computed from `column` to another
 * column (`UPDATE users SET full_name = name`): the values live on in the other column.
 */
export function copiesColumn(text: string, table: ObjectRef, column: string): boolean {
  if (!writesTable(text, table, ['UPDATE'])) return false;
  const set = /\bSET\b([\s\S]*?)(?:\bWHERE\b|$)/i.exec(bare(text));
  if (!set) return false;
  const assignments = set[1]!.split(new RegExp(String.raw`,\s*(?=(?:${IDENT}\s*\.\s*)?${IDENT}\s*=)`));
  return assignments.some((a) => {
    const m = new RegExp(String.raw`^\s*(?:${IDENT}\s*\.\s*)?(${IDENT})\s*=([\s\S]*)$`).exec(a);
    return m !== null && !sameName(unquote(m[1]!), column) && mentions(m[2]!, column);
  });
}

/**
 * recreatesColumn: the statement drops a column and adds one of the same name
 * (`ALTER TABLE t DROP COLUMN "a", ADD COLUMN "a" uuid`, as Prisma writes a type change): the
 * old values are thrown away, which a comparison by name reads as a mere type change.
 */
export function recreatesColumn(text: string, column: string): boolean {
  const t = bare(text);
  const named = (verb: string) => [...t.matchAll(new RegExp(String.raw`\b${verb}\s+(?:COLUMN\s+)?(?:IF\s+(?:NOT\s+)?EXISTS\s+)?(${IDENT})`, 'gi'))].some((m) => sameName(unquote(m[1]!), column));
  return named('DROP') && named('ADD');
}

/** copyOf reads `INSERT INTO a (…) SELECT … FROM b` (a table copy): the two tables, else undefined. */
export function copyOf(text: string): { readonly into: string; readonly from: string } | undefined {
  const t = bare(text);
  const d = dmlOf(t);
  if (d?.verb !== 'INSERT') return undefined;
  const from = new RegExp(String.raw`\bSELECT\b[\s\S]*?\bFROM\s+(${NAME})`, 'i').exec(t);
  return from ? { into: d.table, from: lastPart(from[1]!) } : undefined;
}

/** splitTopLevel splits a list at commas outside parentheses and quotes. */
function splitTopLevel(list: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let quote = '';
  let start = 0;
  for (let i = 0; i < list.length; i++) {
    const ch = list[i]!;
    if (quote) {
      if (ch === quote) quote = '';
    } else if (ch === "'" || ch === '"' || ch === '`') quote = ch;
    else if (ch === '(') depth++;
    else if (ch === ')') depth--;
    else if (ch === ',' && depth === 0) {
      out.push(list.slice(start, i).trim());
      start = i + 1;
    }
  }
  out.push(list.slice(start).trim());
  return out.filter((x) => x !== '');
}

/**
 * A table copy with its columns: `INSERT INTO a (x, y) SELECT p, q FROM b` pairs x with `p`.
 * `targets` is undefined when the INSERT lists no columns (then it fills the table's columns in
 * order); `sources` are the select expressions, one per target, as written.
 */
export interface CopyColumns {
  readonly into: string;
  readonly from: string;
  readonly targets?: readonly string[];
  readonly sources: readonly string[];
}

/** copyColumnsOf reads an INSERT … SELECT copy with its column pairs; undefined for anything else (a SELECT *, a join). */
export function copyColumnsOf(text: string): CopyColumns | undefined {
  const cp = copyOf(text);
  if (!cp) return undefined;
  const t = bare(text);
  const head = new RegExp(String.raw`^(?:INSERT|REPLACE)\s+(?:(?:LOW_PRIORITY|DELAYED|HIGH_PRIORITY|IGNORE|OR\s+\w+)\s+)*INTO\s+${NAME}\s*(\(([^)]*)\))?\s*SELECT\s+(?:ALL\s+|DISTINCT\s+)?([\s\S]*?)\s+FROM\s`, 'i').exec(t);
  if (!head) return undefined;
  const sources = splitTopLevel(head[3]!);
  if (sources.length === 1 && sources[0] === '*') return undefined;
  const targets = head[2] === undefined ? undefined : splitTopLevel(head[2]).map(unquote);
  return { ...cp, ...(targets ? { targets } : {}), sources };
}

/** The column a select expression reads as it is (`"name"`, `t.name`), if it is a bare column. */
export function bareColumn(expr: string): string | undefined {
  const m = new RegExp(String.raw`^(?:${IDENT}\s*\.\s*)?(${IDENT})$`).exec(expr.trim());
  return m && !/^null$/i.test(m[1]!) ? unquote(m[1]!) : undefined;
}

/** createAsSelectOf reads `CREATE TABLE a AS SELECT … FROM b`: the two tables, else undefined. */
export function createAsSelectOf(text: string): { readonly into: string; readonly from: string } | undefined {
  const m = new RegExp(String.raw`^CREATE\s+TABLE\s+(?:IF\s+NOT\s+EXISTS\s+)?(${NAME})\s+AS\s+[\s\S]*?\bFROM\s+(${NAME})`, 'i').exec(bare(text));
  return m ? { into: lastPart(m[1]!), from: lastPart(m[2]!) } : undefined;
}

/** truncatedTables lists the tables a TRUNCATE empties (none for any other statement). */
export function truncatedTables(text: string): string[] {
  const m = /^TRUNCATE\s+(?:TABLE\s+)?(?:ONLY\s+)?([\s\S]*)$/i.exec(bare(text));
  if (!m) return [];
  const list = m[1]!.split(/\b(?:RESTART|CONTINUE|CASCADE|RESTRICT)\b/i)[0]!;
  return list.split(',').map((s) => s.replace(/\*\s*$/, '').replace(/^\s*ONLY\s+/i, '').trim()).filter((s) => s !== '').map(lastPart);
}

/** Statements no transaction accepts, as the runner reads them (src/sql/transactions.ts). */
export const cannotRunInTransaction = (text: string): boolean => refusesTransaction(bare(text));

/** Transaction control: BEGIN, START TRANSACTION, COMMIT, ROLLBACK, END, SAVEPOINT, RELEASE. */
export const isTransactionControl = (text: string): boolean =>
  /^(BEGIN|START\s+TRANSACTION|COMMIT|ROLLBACK|END|SAVEPOINT|RELEASE)\b/i.test(bare(text)) && !/^BEGIN\s+(ATOMIC|NOT\s+ATOMIC)\b/i.test(bare(text));

/** Session settings (`SET lock_timeout`, `PRAGMA foreign_keys = OFF`, MySQL's executable comments): they change no data. */
export const isSessionSetting = (text: string): boolean => /^(SET|RESET|PRAGMA)\b|^\/\*!/i.test(bare(text));

/** A statement that does work a transaction could hold: neither control nor a session setting. */
export const doesWork = (text: string): boolean => !isTransactionControl(text) && !isSessionSetting(text) && bare(text) !== '';
