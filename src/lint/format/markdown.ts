/**
 * The README's table of lint rules, rendered from the rules themselves so that the two cannot
 * drift apart (test/lint/format-readme.test.ts compares them, and rewrites the README's table
 * with CAIRN_UPDATE_README=1).
 */
import type { LintRule, RuleFamily } from '../types.js';

/** The families in the order the table lists them. */
export const FAMILY_ORDER: readonly RuleFamily[] = ['destructive', 'data-dependent', 'backward-incompatible', 'constraint-deletion', 'locking', 'table-copy', 'transaction', 'naming'];

/** A rule and the databases it applies to (`all`, or a dialect's display name). */
export interface DocumentedRule {
  readonly rule: LintRule;
  readonly database: string;
}

/** rulesTable: one row per rule, by family then code: code, family, database, default severity, what it flags. */
export function rulesTable(rules: readonly DocumentedRule[]): string {
  const rank = (f: RuleFamily) => FAMILY_ORDER.indexOf(f);
  const rows = [...rules].sort((a, b) => rank(a.rule.family) - rank(b.rule.family) || a.rule.code.localeCompare(b.rule.code));
  const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ');
  return [
    '| code | family | database | default | flags |',
    '|---|---|---|---|---|',
    ...rows.map(({ rule, database }) => `| ${rule.code} | ${rule.family} | ${database} | ${rule.optIn ? `off (opt-in; ${rule.severity})` : rule.severity} | ${cell(rule.summary)} |`),
  ].join('\n');
}
