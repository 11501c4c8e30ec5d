import { splitStatements } from '../../../sql/lexer.js';

/**
 * wrapGooseBlocks adds `-- +goose StatementBegin` / `StatementEnd` around statements goose would
 * cut in the wrong place. goose's own splitter ends a statement at any line that ends with `;`,
 * so a function body or `DO $$ … $$` block spread over lines breaks unless wrapped. Cairn's lexer
 * finds the real statements; only those with an inner line ending in `;` are wrapped, so plain
 * SQL stays as written. Text that already uses the markers is left alone: its author decided.
 */
export function wrapGooseBlocks(up: string): string {
  if (/^\s*--\s*\+goose\s+statement(begin|end)\b/im.test(up)) return up;
  const rows = up.split('\n');
  const begins = new Set<number>();
  const ends = new Set<number>();
  for (const s of splitStatements(up).statements) {
    const inner = s.text.split('\n').slice(0, -1);
    if (!inner.some((l) => l.trimEnd().endsWith(';'))) continue;
    begins.add(s.start.line - 1);
    ends.add(terminatorLine(rows, s.end.line - 1, s.end.column - 1));
  }
  if (begins.size === 0) return up;
  const out: string[] = [];
  rows.forEach((row, i) => {
    if (begins.has(i)) out.push('-- +goose StatementBegin');
    out.push(row);
    if (ends.has(i)) out.push('-- +goose StatementEnd');
  });
  return out.join('\n');
}

/** terminatorLine is the line holding the `;` after a statement's end (usually the same line). */
function terminatorLine(rows: readonly string[], line: number, column: number): number {
  if (rows[line]?.slice(column).includes(';')) return line;
  for (let i = line + 1; i < rows.length; i++) if (rows[i].includes(';')) return i;
  return line;
}
