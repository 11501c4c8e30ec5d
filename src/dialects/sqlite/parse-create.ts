/**
 * Parsing the CREATE statements SQLite keeps in `sqlite_schema.sql`, for what its pragmas do
 * not report: CHECK constraints, constraint names, AUTOINCREMENT, generated columns'
 * expressions and storage, COLLATE, DEFERRABLE, ON CONFLICT, and the
 * keys, expressions and predicate of an index. Expressions come back in the model's spelling
 * (sql-text.ts `normalize`). The parser is lenient: what it does not recognise it skips, so an
 * unusual statement loses a detail rather than failing the whole inspection.
 */
import { balanced, identName, isNameToken, isWord, joinTokens, splitTopLevel, tokenize, unwrap, type Token } from './sql-text.js';

/** An expression inside parentheses, in the model's spelling. */
const expr = (ts: readonly Token[] | undefined): string => joinTokens(unwrap(ts ?? []));

export type ParsedAction = 'NO ACTION' | 'RESTRICT' | 'CASCADE' | 'SET NULL' | 'SET DEFAULT';

export interface ParsedForeignKey {
  readonly name?: string;
  readonly columns: readonly string[];
  readonly table: string;
  /** Absent when the clause names no columns (the parent's primary key). */
  readonly refColumns?: readonly string[];
  readonly onDelete?: ParsedAction;
  readonly onUpdate?: ParsedAction;
  /** DEFERRABLE INITIALLY DEFERRED (SQLite treats every other form as immediate). */
  readonly deferred: boolean;
}

export interface ParsedKey {
  readonly name?: string;
  readonly columns: readonly string[];
  /** ON CONFLICT resolution, upper case. */
  readonly onConflict?: string;
}

export interface ParsedCheck {
  readonly name?: string;
  readonly expr: string;
}

export interface ParsedColumn {
  readonly name: string;
  readonly collation?: string;
  readonly generated?: { readonly expr: string; readonly stored: boolean };
  readonly autoincrement: boolean;
  /** Declared `PRIMARY KEY DESC` (an INTEGER key declared so is not the rowid). */
  readonly pkDesc: boolean;
}

export interface ParsedTable {
  readonly name: string;
  readonly columns: readonly ParsedColumn[];
  readonly primaryKey?: ParsedKey;
  /** Unique constraints, column-level ones included, in declaration order. */
  readonly uniques: readonly ParsedKey[];
  readonly checks: readonly ParsedCheck[];
  readonly foreignKeys: readonly ParsedForeignKey[];
}

export interface ParsedIndexPart {
  /** A plain column key (its name as written). */
  readonly column?: string;
  /** An expression key, normalized. */
  readonly expr?: string;
  readonly collation?: string;
  readonly desc: boolean;
}

export interface ParsedIndex {
  readonly unique: boolean;
  readonly parts: readonly ParsedIndexPart[];
  readonly where?: string;
}

export interface ParsedView {
  readonly columns?: readonly string[];
  /** The query after AS, normalized. */
  readonly query: string;
}

/** The words that start a column constraint, and so end a column's type. */
const COLUMN_CONSTRAINT = ['CONSTRAINT', 'PRIMARY', 'NOT', 'NULL', 'UNIQUE', 'CHECK', 'DEFAULT', 'COLLATE', 'REFERENCES', 'GENERATED', 'AS'];

/** A cursor over tokens. */
class Cursor {
  i = 0;
  constructor(readonly ts: readonly Token[]) {}
  get t(): Token | undefined { return this.ts[this.i]; }
  peek(k = 1): Token | undefined { return this.ts[this.i + k]; }
  word(...ws: string[]): boolean {
    if (!isWord(this.t, ...ws)) return false;
    this.i++;
    return true;
  }
  op(o: string): boolean {
    if (this.t?.kind !== 'op' || this.t.text !== o) return false;
    this.i++;
    return true;
  }
  /** Reads a possibly schema-qualified name, returning the last part. */
  name(): string | undefined {
    if (!isNameToken(this.t)) return undefined;
    let n = identName(this.t);
    this.i++;
    while (this.t?.kind === 'op' && this.t.text === '.' && isNameToken(this.peek())) {
      n = identName(this.peek()!);
      this.i += 2;
    }
    return n;
  }
  /** Reads `( ... )` and returns the tokens inside; undefined when no `(` is next. */
  parens(): Token[] | undefined {
    if (this.t?.kind !== 'op' || this.t.text !== '(') return undefined;
    const end = balanced(this.ts, this.i);
    const inner = this.ts.slice(this.i + 1, end - 1);
    this.i = end;
    return inner;
  }
}

/** skipCreate reads `CREATE [TEMP|TEMPORARY|UNIQUE|VIRTUAL] <kind> [IF NOT EXISTS] name`, returning the name. */
function skipCreate(c: Cursor, kind: string): { name?: string; unique: boolean } {
  c.word('CREATE');
  c.word('TEMP', 'TEMPORARY');
  const unique = c.word('UNIQUE');
  c.word('VIRTUAL');
  c.word(kind);
  if (c.word('IF')) { c.word('NOT'); c.word('EXISTS'); }
  return { name: c.name(), unique };
}

/** columnNames reads the names of an indexed-column list (`a COLLATE x DESC, b`), expressions skipped. */
function columnNames(ts: readonly Token[]): string[] {
  return splitTopLevel(ts).flatMap((p) => (isNameToken(p[0]) ? [identName(p[0])] : []));
}

function conflictClause(c: Cursor): string | undefined {
  if (!(isWord(c.t, 'ON') && isWord(c.peek(), 'CONFLICT'))) return undefined;
  c.i += 2;
  const action = c.t?.text.toUpperCase();
  c.i++;
  return action;
}

/** foreignKeyClause reads `REFERENCES t [(cols)] [ON DELETE|UPDATE action | MATCH x]... [[NOT] DEFERRABLE [INITIALLY ...]]`. */
function foreignKeyClause(c: Cursor, columns: readonly string[], name: string | undefined): ParsedForeignKey {
  c.word('REFERENCES');
  const table = c.name() ?? '';
  const cols = c.parens();
  let onDelete: ParsedAction | undefined;
  let onUpdate: ParsedAction | undefined;
  let deferred = false;
  for (;;) {
    if (c.word('ON')) {
      const del = c.word('DELETE');
      if (!del) c.word('UPDATE');
      let action: ParsedAction | undefined;
      if (c.word('SET')) action = c.word('NULL') ? 'SET NULL' : (c.word('DEFAULT'), 'SET DEFAULT');
      else if (c.word('CASCADE')) action = 'CASCADE';
      else if (c.word('RESTRICT')) action = 'RESTRICT';
      else if (c.word('NO')) { c.word('ACTION'); action = 'NO ACTION'; }
      if (del) onDelete = action; else onUpdate = action;
      continue;
    }
    if (c.word('MATCH')) { c.i++; continue; }
    const not = isWord(c.t, 'NOT') && isWord(c.peek(), 'DEFERRABLE');
    if (not || isWord(c.t, 'DEFERRABLE')) {
      c.i += not ? 2 : 1;
      let initially = '';
      if (c.word('INITIALLY')) { initially = c.t?.text.toUpperCase() ?? ''; c.i++; }
      deferred = !not && initially === 'DEFERRED';
      continue;
    }
    break;
  }
  return { name, columns, table, refColumns: cols && columnNames(cols), onDelete, onUpdate, deferred };
}

/** parseCreateTable reads a stored CREATE TABLE statement (see ParsedTable). */
export function parseCreateTable(sql: string): ParsedTable {
  const c = new Cursor(tokenize(sql));
  const { name = '' } = skipCreate(c, 'TABLE');
  const columns: ParsedColumn[] = [];
  const uniques: ParsedKey[] = [];
  const checks: ParsedCheck[] = [];
  const foreignKeys: ParsedForeignKey[] = [];
  let primaryKey: ParsedKey | undefined;
  const body = c.parens();
  for (const part of body ? splitTopLevel(body) : []) {
    const p = new Cursor(part);
    let constraintName: string | undefined;
    if (p.word('CONSTRAINT')) constraintName = p.name();
    if (isWord(p.t, 'PRIMARY', 'UNIQUE', 'CHECK', 'FOREIGN')) {
      tableConstraint(p, constraintName);
      continue;
    }
    if (constraintName !== undefined) continue; // `CONSTRAINT x` before something unknown
    columns.push(columnDef(p));
  }
  // STRICT and WITHOUT ROWID, after the body, are read from pragma_table_list.
  return { name, columns, primaryKey, uniques, checks, foreignKeys };

  function tableConstraint(p: Cursor, cname: string | undefined): void {
    if (p.word('PRIMARY')) {
      p.word('KEY');
      const cols = columnNames(p.parens() ?? []);
      primaryKey = { name: cname, columns: cols, onConflict: conflictClause(p) };
    } else if (p.word('UNIQUE')) {
      const cols = columnNames(p.parens() ?? []);
      uniques.push({ name: cname, columns: cols, onConflict: conflictClause(p) });
    } else if (p.word('CHECK')) {
      checks.push({ name: cname, expr: expr(p.parens()) });
    } else if (p.word('FOREIGN')) {
      p.word('KEY');
      const cols = columnNames(p.parens() ?? []);
      foreignKeys.push(foreignKeyClause(p, cols, cname));
    }
  }

  function columnDef(p: Cursor): ParsedColumn {
    const colName = p.name() ?? '';
    // The type: everything up to the first constraint keyword (its parenthesised size included).
    while (p.t && !isWord(p.t, ...COLUMN_CONSTRAINT)) {
      if (!p.parens()) p.i++;
    }
    let collation: string | undefined;
    let generated: ParsedColumn['generated'];
    let autoincrement = false;
    let pkDesc = false;
    while (p.t) {
      let cname: string | undefined;
      if (p.word('CONSTRAINT')) cname = p.name();
      if (p.word('PRIMARY')) {
        p.word('KEY');
        pkDesc = p.word('DESC');
        p.word('ASC');
        const onConflict = conflictClause(p);
        autoincrement = p.word('AUTOINCREMENT');
        primaryKey = { name: cname, columns: [colName], onConflict };
      } else if (p.word('NOT')) {
        p.word('NULL');
        conflictClause(p);
      } else if (p.word('NULL')) {
        conflictClause(p);
      } else if (p.word('UNIQUE')) {
        uniques.push({ name: cname, columns: [colName], onConflict: conflictClause(p) });
      } else if (p.word('CHECK')) {
        checks.push({ name: cname, expr: expr(p.parens()) });
      } else if (p.word('DEFAULT')) {
        if (!p.parens()) {
          if (p.t?.kind === 'op') p.i++; // a sign
          p.i++;
        }
      } else if (p.word('COLLATE')) {
        collation = p.t ? identName(p.t) : undefined;
        p.i++;
      } else if (isWord(p.t, 'REFERENCES')) {
        foreignKeys.push(foreignKeyClause(p, [colName], cname));
      } else if (isWord(p.t, 'GENERATED', 'AS')) {
        if (p.word('GENERATED')) p.word('ALWAYS');
        p.word('AS');
        const generatedExpr = expr(p.parens());
        const stored = p.word('STORED');
        if (!stored) p.word('VIRTUAL');
        generated = { expr: generatedExpr, stored };
      } else if (cname === undefined) {
        p.i++; // something this parser does not know: skip it
      }
    }
    return { name: colName, collation, generated, autoincrement, pkDesc };
  }
}

/** parseCreateIndex reads a stored CREATE INDEX statement. */
export function parseCreateIndex(sql: string): ParsedIndex {
  const c = new Cursor(tokenize(sql));
  const { unique } = skipCreate(c, 'INDEX');
  c.word('ON');
  c.name();
  const parts = splitTopLevel(c.parens() ?? []).map(indexPart);
  const where = c.word('WHERE') ? expr(c.ts.slice(c.i)) : undefined;
  return { unique, parts, where };
}

function indexPart(ts: Token[]): ParsedIndexPart {
  let end = ts.length;
  let desc = false;
  if (isWord(ts[end - 1], 'ASC', 'DESC')) {
    desc = isWord(ts[end - 1], 'DESC');
    end--;
  }
  let collation: string | undefined;
  if (end >= 2 && isWord(ts[end - 2], 'COLLATE')) {
    collation = identName(ts[end - 1]);
    end -= 2;
  }
  const key = ts.slice(0, end);
  if (key.length === 1 && (key[0].kind === 'ident' || key[0].kind === 'word')) return { column: identName(key[0]), collation, desc };
  return { expr: expr(key), collation, desc };
}

/** parseCreateView reads a stored CREATE VIEW statement: its column list and query. */
export function parseCreateView(sql: string): ParsedView {
  const c = new Cursor(tokenize(sql));
  skipCreate(c, 'VIEW');
  const cols = c.parens();
  c.word('AS');
  return { columns: cols && columnNames(cols), query: joinTokens(c.ts.slice(c.i)) };
}

/**
 * parseVirtualTable reads `CREATE VIRTUAL TABLE t USING module(args)`: what follows USING, as
 * written. The arguments are the module's, not SQL (fts5's `tokenize = "porter ascii"`), so they
 * are kept verbatim rather than respelled.
 */
export function parseVirtualTable(sql: string): string {
  const c = new Cursor(tokenize(sql));
  skipCreate(c, 'TABLE');
  c.word('USING');
  return c.t ? sql.slice(c.t.start).trim() : '';
}

/**
 * withTriggerName is a CREATE TRIGGER statement with its name replaced by `name` (spelled
 * `spelled`): how a renamed trigger's unchanged definition reads.
 */
export function withTriggerName(sql: string, spelled: string): string {
  const c = new Cursor(tokenize(sql));
  c.word('CREATE');
  c.word('TEMP', 'TEMPORARY');
  c.word('TRIGGER');
  if (c.word('IF')) { c.word('NOT'); c.word('EXISTS'); }
  const at = c.t;
  if (!isNameToken(at)) return sql;
  return joinTokens([...c.ts.slice(0, c.i), { ...at, kind: 'word', text: spelled }, ...c.ts.slice(c.i + 1)]);
}
