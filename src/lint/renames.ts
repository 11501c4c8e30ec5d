/**
 * Renames as a statement made them. Compared by name, a renamed table or column looks like one
 * dropped and another added; the differ pairs them only when told (rename hints). A single
 * statement that drops one object and adds another of the same kind, and says RENAME (or
 * MySQL's CHANGE), with both names in its text, renamed it: `ALTER TABLE t RENAME COLUMN a TO
 * b`, `RENAME TABLE a TO b, c TO d`, `ALTER TABLE t CHANGE a b bigint`. This reads the names
 * off the model, so it needs no parser of any dialect's DDL.
 */
import type { Change } from '../diff/changes.js';
import type { RenameHint } from '../diff/renames.js';

const RENAME_VERB = /\b(rename|change)\b/i;

/** A dropped or added object that a rename could pair: its hint scope and its name. */
interface Named {
  readonly group: string;
  readonly schema: string;
  readonly table?: string;
  readonly name: string;
}

/**
 * renameHints reads the hints a statement implies from the changes a first, hint-less diff
 * found. Column and constraint hints name the table as it is after the statement (the differ's
 * convention), which a table rename in the same statement changes: the caller diffs again with
 * these hints and asks again until nothing new comes.
 */
export function renameHints(text: string, changes: readonly Change[]): RenameHint[] {
  if (!RENAME_VERB.test(text)) return [];
  const dropped: Named[] = [];
  const added: Named[] = [];
  for (const c of changes) {
    const d = droppedOf(c);
    if (d) dropped.push(d);
    const a = addedOf(c);
    if (a) added.push(a);
  }
  if (dropped.length === 0 || added.length === 0) return [];
  const lower = text.toLowerCase();
  const at = (name: string, from = 0) => identifierAt(lower, name.toLowerCase(), from);
  const hints: RenameHint[] = [];
  const taken = new Set<Named>();
  // Pair in the order the old names appear: each with the nearest new name written after it.
  const ordered = dropped.map((d) => ({ d, pos: at(d.name) })).filter((x) => x.pos >= 0).sort((x, y) => x.pos - y.pos);
  for (const { d, pos } of ordered) {
    let best: { a: Named; pos: number } | undefined;
    for (const a of added) {
      if (taken.has(a) || a.group !== d.group || a.name === d.name) continue;
      const p = at(a.name, pos + d.name.length);
      if (p >= 0 && (best === undefined || p < best.pos)) best = { a, pos: p };
    }
    if (!best) continue;
    taken.add(best.a);
    hints.push(best.a.table === undefined ? { schema: d.schema, from: d.name, to: best.a.name } : { schema: d.schema, table: best.a.table, from: d.name, to: best.a.name });
  }
  return hints;
}

function droppedOf(c: Change): Named | undefined {
  switch (c.kind) {
    case 'DropTable': return { group: `table:${c.table.schema}`, schema: c.table.schema, name: c.table.name };
    case 'DropView': return { group: `view:${c.view.schema}`, schema: c.view.schema, name: c.view.name };
    case 'DropSequence': return { group: `sequence:${c.sequence.schema}`, schema: c.sequence.schema, name: c.sequence.name };
    case 'DropEnum': return { group: `enum:${c.enum.schema}`, schema: c.enum.schema, name: c.enum.name };
    case 'DropIndex': return { group: `index:${c.table.schema}.${c.table.name}`, schema: c.table.schema, name: c.index.name };
    case 'DropColumn': return { group: `column:${c.table.schema}.${c.table.name}`, schema: c.table.schema, table: c.table.name, name: c.column.name };
    case 'DropConstraint': return { group: `constraint:${c.type}:${c.table.schema}.${c.table.name}`, schema: c.table.schema, table: c.table.name, name: c.constraint.name };
    default: return undefined;
  }
}

function addedOf(c: Change): Named | undefined {
  switch (c.kind) {
    case 'AddTable': return { group: `table:${c.table.schema}`, schema: c.table.schema, name: c.table.name };
    case 'AddView': return { group: `view:${c.view.schema}`, schema: c.view.schema, name: c.view.name };
    case 'AddSequence': return { group: `sequence:${c.sequence.schema}`, schema: c.sequence.schema, name: c.sequence.name };
    case 'AddEnum': return { group: `enum:${c.enum.schema}`, schema: c.enum.schema, name: c.enum.name };
    case 'AddIndex': return { group: `index:${c.table.schema}.${c.table.name}`, schema: c.table.schema, name: c.index.name };
    case 'AddColumn': return { group: `column:${c.table.schema}.${c.table.name}`, schema: c.table.schema, table: c.table.name, name: c.column.name };
    case 'AddConstraint': return { group: `constraint:${c.type}:${c.table.schema}.${c.table.name}`, schema: c.table.schema, table: c.table.name, name: c.constraint.name };
    default: return undefined;
  }
}

/** identifierAt finds `name` in `text` at or after `from` as a whole identifier (not inside a longer one). */
function identifierAt(text: string, name: string, from = 0): number {
  const word = /[\p{L}\p{N}_$]/u;
  for (let i = text.indexOf(name, from); i >= 0; i = text.indexOf(name, i + 1)) {
    const before = i > 0 ? text[i - 1] : '';
    const after = text[i + name.length] ?? '';
    if (!word.test(before) && !word.test(after)) return i;
  }
  return -1;
}
