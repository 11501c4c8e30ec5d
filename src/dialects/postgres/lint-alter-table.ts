/**
 * ALTER TABLE read from its text: the table and its subcommands, and the constraints the
 * subcommands add. The schema changes say what a statement did, but not always what it made
 * PostgreSQL do: `DROP CONSTRAINT a, ADD CONSTRAINT b FOREIGN KEY …` with the same definition
 * reads as a rename in the model (or as nothing, under the same name), yet PostgreSQL checks
 * every row again for the new key, and `DROP CONSTRAINT users_pkey, ADD PRIMARY KEY (id)`
 * rebuilds the index. The constraint rules use both readings.
 */
import { isOp, isWord, readName, skipWords, splitTopLevel, startsWith, type QualifiedName, type Token } from './lint-sql.js';

export interface AlterTable {
  /** The table as named (`ALTER TABLE [IF EXISTS] [ONLY] name [*]`). */
  readonly table: QualifiedName;
  /** The tokens after the name. */
  readonly rest: readonly Token[];
  /** The comma-separated subcommands. */
  readonly subcommands: readonly (readonly Token[])[];
}

/** parseAlterTable reads an ALTER TABLE statement, or returns undefined for anything else. */
export function parseAlterTable(t: readonly Token[]): AlterTable | undefined {
  if (!startsWith(t, 'alter', 'table') || isWord(t[2], 'all')) return undefined;
  const n = readName(t, skipWords(t, 2, ['if', 'exists'], ['only']));
  if (n === undefined) return undefined;
  const rest = t.slice(isOp(t[n.next], '*') ? n.next + 1 : n.next);
  return { table: n.name, rest, subcommands: splitTopLevel(rest) };
}

export type AddedKind = 'primaryKey' | 'unique' | 'exclusion' | 'foreignKey' | 'check';

/** A constraint an ALTER TABLE subcommand adds, table-level or inline in ADD COLUMN. */
export interface AddedConstraint {
  readonly kind: AddedKind;
  /** As written after CONSTRAINT; PostgreSQL names the others. */
  readonly name?: string;
  readonly notValid: boolean;
  /** `… USING INDEX i`: a unique or primary key made of an index that exists. */
  readonly usingIndex: boolean;
}

const nameOf = (t: Token | undefined) => (t !== undefined && (t.kind === 'word' || t.kind === 'ident') ? t.value : undefined);

/** The kind a constraint keyword starts, at `k`. */
function kindAt(sub: readonly Token[], k: number): AddedKind | undefined {
  if (isWord(sub[k], 'primary') && isWord(sub[k + 1], 'key')) return 'primaryKey';
  if (isWord(sub[k], 'unique')) return 'unique';
  if (isWord(sub[k], 'exclude')) return 'exclusion';
  if (isWord(sub[k], 'foreign') && isWord(sub[k + 1], 'key')) return 'foreignKey';
  if (isWord(sub[k], 'references')) return 'foreignKey';
  if (isWord(sub[k], 'check')) return 'check';
  return undefined;
}

/** addedConstraints lists the constraints the subcommands add (`ADD [CONSTRAINT n] …`, `ADD [COLUMN] c type … UNIQUE`). */
export function addedConstraints(a: AlterTable): AddedConstraint[] {
  const out: AddedConstraint[] = [];
  for (const sub of a.subcommands) {
    if (!isWord(sub[0], 'add')) continue;
    const notValid = sub.some((x, k) => isWord(x, 'not') && isWord(sub[k + 1], 'valid'));
    const usingIndex = sub.some((x, k) => isWord(x, 'using') && isWord(sub[k + 1], 'index'));
    const named = isWord(sub[1], 'constraint');
    const at = named ? 3 : 1;
    const tableKind = isWord(sub[at], 'references') ? undefined : kindAt(sub, at);
    if (tableKind !== undefined) {
      out.push({ kind: tableKind, ...(named && nameOf(sub[2]) !== undefined ? { name: nameOf(sub[2]) } : {}), notValid, usingIndex });
      continue;
    }
    // ADD [COLUMN] [IF NOT EXISTS] name type [CONSTRAINT n] UNIQUE | PRIMARY KEY | REFERENCES | CHECK …
    let depth = 0;
    for (let k = 1; k < sub.length; k++) {
      if (isOp(sub[k], '(')) depth++;
      else if (isOp(sub[k], ')')) depth--;
      if (depth !== 0) continue;
      const kind = kindAt(sub, k);
      if (kind === undefined || kind === 'exclusion') continue;
      const name = isWord(sub[k - 2], 'constraint') ? nameOf(sub[k - 1]) : undefined;
      out.push({ kind, ...(name !== undefined ? { name } : {}), notValid: false, usingIndex: false });
    }
  }
  return out;
}

/** The column a subcommand names after `verb [COLUMN] [IF [NOT] EXISTS]`, and the index after it. */
function columnAfter(sub: readonly Token[], verb: string): { name: string; next: number } | undefined {
  if (!isWord(sub[0], verb)) return undefined;
  const k = skipWords(sub, 1, ['column'], ['if', 'exists'], ['if', 'not', 'exists']);
  const name = nameOf(sub[k]);
  // DROP CONSTRAINT / ALTER CONSTRAINT name another thing; a bare keyword column needs quotes anyway.
  if (name === undefined || (sub[k].kind === 'word' && ['constraint', 'primary', 'unique', 'foreign', 'check', 'exclude'].includes(name))) return undefined;
  return { name, next: k + 1 };
}

/** typeChangedColumns: the columns an `ALTER [COLUMN] c [SET DATA] TYPE …` subcommand changes. */
export function typeChangedColumns(a: AlterTable): Set<string> {
  const out = new Set<string>();
  for (const sub of a.subcommands) {
    const c = columnAfter(sub, 'alter');
    if (c === undefined) continue;
    const k = isWord(sub[c.next], 'set') && isWord(sub[c.next + 1], 'data') ? c.next + 2 : c.next;
    if (isWord(sub[k], 'type')) out.add(c.name);
  }
  return out;
}

/**
 * droppedColumns: the columns a `DROP [COLUMN] c` subcommand drops. One dropped and added back
 * under its name reads as a modified column in the model, but nothing is converted or scanned.
 */
export function droppedColumns(a: AlterTable): Set<string> {
  const out = new Set<string>();
  for (const sub of a.subcommands) {
    const c = columnAfter(sub, 'drop');
    if (c !== undefined) out.add(c.name);
  }
  return out;
}
