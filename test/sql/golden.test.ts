// Golden-file tests for the SQL lexer: each golden/<case>.sql is split with the preset its
// name starts with (pg-, mysql-, sqlite-) and compared with golden/<case>.json.
// UPDATE_GOLDEN=1 rewrites the .json files; review the diff by hand before keeping it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { splitStatements } from '../../src/sql/lexer.js';
import { MYSQL_LEXER, POSTGRES_LEXER, SQLITE_LEXER } from '../../src/sql/presets.js';
import type { LexerOptions, SplitResult } from '../../src/sql/types.js';

const dir = join(import.meta.dirname, 'golden');
const update = process.env.UPDATE_GOLDEN === '1';

function presetFor(name: string): { preset: string; options: LexerOptions } {
  if (name.startsWith('mysql-')) return { preset: 'mysql', options: MYSQL_LEXER };
  if (name.startsWith('sqlite-')) return { preset: 'sqlite', options: SQLITE_LEXER };
  return { preset: 'postgres', options: POSTGRES_LEXER };
}

/** The golden form: compact positions, leading comments and problems only when present. */
function render(preset: string, r: SplitResult): unknown {
  return {
    preset,
    directives: r.directives,
    statements: r.statements.map((s) => ({
      at: `${s.start.line}:${s.start.column}`,
      end: `${s.end.line}:${s.end.column}`,
      text: s.text,
      ...(s.leadingComments.length > 0 ? { leadingComments: s.leadingComments } : {}),
    })),
    ...(r.problems !== undefined && r.problems.length > 0 ? { problems: r.problems.map((p) => p.message) } : {}),
  };
}

const cases = readdirSync(dir).filter((f) => f.endsWith('.sql')).sort();

test('there are enough golden cases', () => {
  assert.ok(cases.length >= 30, `only ${cases.length} golden cases`);
});

for (const file of cases) {
  const name = file.slice(0, -4);
  test(`golden ${name}`, () => {
    const { preset, options } = presetFor(name);
    const bytes = readFileSync(join(dir, file));
    const text = bytes.toString('utf8');
    const result = splitStatements(text, options);
    for (const s of result.statements) {
      assert.equal(bytes.subarray(s.start.offset, s.end.offset).toString('utf8'), s.text, 'offsets must slice the text');
    }
    const actual = render(preset, result);
    const jsonPath = join(dir, `${name}.json`);
    if (update || !existsSync(jsonPath)) {
      writeFileSync(jsonPath, JSON.stringify(actual, null, 2) + '\n');
      if (!update) assert.fail(`wrote missing golden file ${name}.json; review it and re-run`);
      return;
    }
    assert.deepEqual(actual, JSON.parse(readFileSync(jsonPath, 'utf8')));
  });
}
