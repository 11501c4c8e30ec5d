/**
 * Entity-relationship diagrams of a realm, for `cairn inspect --format mermaid|dot`. Both read
 * only the dialect-neutral model (tables, columns, keys), so they serve every dialect.
 *
 * Mermaid (`erDiagram`, rendered by GitHub inside a ```mermaid block) takes only plain words as
 * entity names, attribute types and attribute names, so names are sanitised: a table outside
 * `public` is `schema__table`, and a type like `character varying(20)` becomes
 * `character_varying_20`. A column whose name had to change keeps its real name in the
 * attribute's comment. Graphviz (`dot`) quotes anything, so names stay as they are there.
 *
 * Every foreign key is one many-to-one edge from the referenced table to the referencing one:
 * `||` on the referenced side when every key column is NOT NULL, `|o` when one is nullable
 * (a row may reference nothing); `o{` on the referencing side, or `o|` when the key columns
 * are themselves unique (a one-to-one).
 *
 * @example
 * renderErd(realm, 'mermaid')
 * // erDiagram
 * //   users {
 * //     bigint id PK
 * //   }
 * //   users ||--o{ orders : "user_id"
 */
import type { ForeignKey, ObjectRef, Realm, Table } from './model.js';

export type ErdFormat = 'mermaid' | 'dot';

/** renderErd draws the tables of `realm` and their foreign keys as a Mermaid or Graphviz diagram. */
export function renderErd(realm: Realm, format: ErdFormat): string {
  const tables = realm.schemas.flatMap((s) => s.tables).filter((t) => !t.partitionOf);
  return format === 'mermaid' ? renderMermaid(tables) : renderDot(tables);
}

/** Key markers of each column: PK, FK, UK (a single-column unique constraint or index). */
function keyMarkers(t: Table): Map<string, string[]> {
  const marks = new Map<string, string[]>(t.columns.map((c) => [c.name, []]));
  const mark = (col: string, m: string) => {
    const list = marks.get(col);
    if (list && !list.includes(m)) list.push(m);
  };
  for (const c of t.primaryKey?.columns ?? []) mark(c, 'PK');
  for (const fk of t.foreignKeys) for (const c of fk.columns) mark(c, 'FK');
  const singles = [
    ...t.uniques.map((u) => u.columns),
    ...t.indexes.filter((i) => i.unique && !i.where && i.parts.length === 1 && i.parts[0].column).map((i) => [i.parts[0].column!]),
  ].filter((cols) => cols.length === 1);
  for (const [c] of singles) mark(c, 'UK');
  return marks;
}

/** Whether every column of the key is NOT NULL (the referencing row must have a parent). */
function required(t: Table, fk: ForeignKey): boolean {
  return fk.columns.every((name) => t.columns.find((c) => c.name === name)?.nullable === false);
}

/** Whether the key columns are unique on their own: at most one child per parent. */
function uniqueKey(t: Table, fk: ForeignKey): boolean {
  const same = (cols: readonly string[]) => cols.length === fk.columns.length && cols.every((c) => fk.columns.includes(c));
  return (t.primaryKey !== undefined && same(t.primaryKey.columns))
    || t.uniques.some((u) => same(u.columns))
    || t.indexes.some((i) => i.unique && !i.where && i.parts.every((p) => p.column) && same(i.parts.map((p) => p.column!)));
}

// ---------------------------------------------------------------------------------------------
// Mermaid

/** A Mermaid word: letters, digits, `_` and `-`, starting with a letter (or `_` for names). */
function word(text: string, lead: string): string {
  // Runs of other characters become one `_`, or nothing at either end (`varchar(20)` → `varchar_20`).
  const w = text.replace(/\[\]/g, '_array').replace(/^[^A-Za-z0-9_-]+|[^A-Za-z0-9_-]+$/g, '').replace(/[^A-Za-z0-9_-]+/g, '_');
  return /^[A-Za-z]/.test(w) ? w : `${lead}${w}`;
}

/** A column type as one Mermaid word: the public schema's own prefix is dropped, the rest sanitised. */
function mermaidType(sql: string): string {
  return word(sql.replace(/"public"\./g, '').replace(/"/g, ''), 't_');
}

/** Entity names: `table` in public, `schema__table` elsewhere, unique across the diagram. */
function entityNames(tables: readonly Table[]): (ref: ObjectRef) => string {
  const names = new Map<string, string>();
  const used = new Set<string>();
  const key = (r: ObjectRef) => `${r.schema}\u0000${r.name}`;
  const assign = (r: ObjectRef) => {
    const base = word(r.schema === 'public' ? r.name : `${r.schema}__${r.name}`, 'T_');
    let name = base;
    for (let i = 2; used.has(name); i++) name = `${base}_${i}`;
    used.add(name);
    names.set(key(r), name);
    return name;
  };
  for (const t of tables) assign(t);
  return (r) => names.get(key(r)) ?? assign(r);
}

const mermaidString = (s: string) => `"${s.replace(/"/g, "'")}"`;

function renderMermaid(tables: readonly Table[]): string {
  const name = entityNames(tables);
  const lines = ['erDiagram'];
  for (const t of tables) {
    const marks = keyMarkers(t);
    if (t.columns.length === 0) {
      lines.push(`  ${name(t)} {`, '  }');
      continue;
    }
    lines.push(`  ${name(t)} {`);
    for (const c of t.columns) {
      const col = word(c.name, 'c_');
      const keys = marks.get(c.name)!;
      const parts = [mermaidType(c.type.sql), col];
      if (keys.length) parts.push(keys.join(', '));
      if (col !== c.name) parts.push(mermaidString(c.name));
      lines.push(`    ${parts.join(' ')}`);
    }
    lines.push('  }');
  }
  for (const t of tables) {
    for (const fk of t.foreignKeys) {
      const parent = required(t, fk) ? '||' : '|o';
      const child = uniqueKey(t, fk) ? 'o|' : 'o{';
      lines.push(`  ${name(fk.refTable)} ${parent}--${child} ${name(t)} : ${mermaidString(fk.columns.join(', '))}`);
    }
  }
  return lines.join('\n') + '\n';
}

// ---------------------------------------------------------------------------------------------
// Graphviz

const dotId = (s: string) => `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
const html = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const qualified = (r: ObjectRef) => `${r.schema}.${r.name}`;

function renderDot(tables: readonly Table[]): string {
  const lines = [
    'digraph schema {',
    '  graph [rankdir=LR];',
    '  node [shape=plaintext, fontname="Helvetica"];',
    '  edge [fontname="Helvetica", fontsize=10, dir=both];',
  ];
  for (const t of tables) {
    const marks = keyMarkers(t);
    const title = t.schema === 'public' ? t.name : qualified(t);
    const rows = [`<tr><td colspan="3" bgcolor="lightgrey"><b>${html(title)}</b></td></tr>`];
    for (const c of t.columns) {
      const keys = marks.get(c.name)!.join(', ');
      const nul = c.nullable ? ' NULL' : '';
      rows.push(`<tr><td port=${dotId(html(c.name))} align="left">${html(c.name)}</td><td align="left">${html(c.type.sql)}${nul}</td><td align="left">${keys}</td></tr>`);
    }
    lines.push(`  ${dotId(qualified(t))} [label=<<table border="0" cellborder="1" cellspacing="0">${rows.join('')}</table>>];`);
  }
  for (const t of tables) {
    for (const fk of t.foreignKeys) {
      const tail = uniqueKey(t, fk) ? 'teeodot' : 'crowodot';
      const head = required(t, fk) ? 'teetee' : 'teeodot';
      const label = `${fk.columns.join(', ')} → ${fk.refColumns.join(', ')}`;
      const from = fk.columns.length === 1 ? `${dotId(qualified(t))}:${dotId(html(fk.columns[0]))}` : dotId(qualified(t));
      const to = fk.refColumns.length === 1 ? `${dotId(qualified(fk.refTable))}:${dotId(html(fk.refColumns[0]))}` : dotId(qualified(fk.refTable));
      lines.push(`  ${from} -> ${to} [label=${dotId(label)}, arrowtail=${tail}, arrowhead=${head}];`);
    }
  }
  lines.push('}');
  return lines.join('\n') + '\n';
}
