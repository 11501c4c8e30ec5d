/**
 * The README's table of lint rules is the rules': every code of every database, its family,
 * default severity and summary, as rulesTable renders them. After adding or changing a rule,
 * `CAIRN_UPDATE_README=1 node scripts/test.mjs test/lint/format-readme` rewrites the table.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { listDialects } from '../../src/dialects/registry.js';
import { GENERIC_RULES } from '../../src/lint/rules/index.js';
import { rulesTable, type DocumentedRule } from '../../src/lint/format/markdown.js';
import { ROOT } from '../helpers/cli.js';

const BEGIN = '<!-- lint-rules:begin (generated from the rules: see test/lint/format-readme.test.ts) -->';
const END = '<!-- lint-rules:end -->';

async function documented(): Promise<DocumentedRule[]> {
  const out: DocumentedRule[] = GENERIC_RULES.map((rule) => ({ rule, database: 'all' }));
  for (const d of listDialects()) {
    for (const rule of d.loadLintRules ? await d.loadLintRules() : []) out.push({ rule, database: d.displayName });
  }
  return out;
}

test('README: the lint rules table lists every rule of every database, as the rules describe themselves', async () => {
  const path = join(ROOT, 'README.md');
  const readme = readFileSync(path, 'utf8');
  const begin = readme.indexOf(BEGIN);
  const end = readme.indexOf(END);
  assert.ok(begin >= 0 && end > begin, `README.md has the markers ${BEGIN} … ${END}`);
  const rules = await documented();
  const table = rulesTable(rules);
  const current = readme.slice(begin + BEGIN.length, end).trim();
  if (current !== table && process.env.CAIRN_UPDATE_README === '1') {
    writeFileSync(path, `${readme.slice(0, begin + BEGIN.length)}\n${table}\n${readme.slice(end)}`);
    return;
  }
  assert.equal(current, table, 'the README table is out of date: run CAIRN_UPDATE_README=1 node scripts/test.mjs test/lint/format-readme');
  // And directly: every code appears in a row of its own, and each code once across databases.
  const codes = rules.map((r) => r.rule.code);
  assert.equal(new Set(codes).size, codes.length, 'rule codes are unique across databases');
  for (const code of codes) assert.match(current, new RegExp(`^\\| ${code} \\|`, 'm'), code);
});
