/**
 * Case tables for the rule tests: each case gives, per database, the SQL already applied (the
 * deployed schema) and the migration file under review, and the `CODE@line` findings expected
 * of the codes under test. A case marked `clean` is a safe alternative: nothing at all may fire
 * on it, of any rule the database runs (generic and its own). One throwaway database per target
 * and suite, reset between cases.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { GENERIC_RULES } from '../../../src/lint/rules/index.js';
import type { LintRule } from '../../../src/lint/types.js';
import type { TargetName } from '../../helpers/db.js';
import { codesAt, openLintDb, runRules, type LintDb, type Located } from './pass.js';

export interface Sql {
  readonly history?: string;
  readonly file: string;
  /** Overrides the case's `expect` on this database. */
  readonly expect?: readonly string[];
}

export interface RuleCase {
  readonly name: string;
  readonly postgres?: Sql;
  readonly mysql?: Sql;
  readonly sqlite?: Sql;
  /** `CODE@line` of the codes under test, in line order; `[]`: none fires. */
  readonly expect: readonly string[];
  /** A safe alternative: no rule at all fires. */
  readonly clean?: boolean;
}

export const TARGETS_OF_RULES = ['postgres', 'mysql', 'sqlite'] as const;
type RuleTarget = (typeof TARGETS_OF_RULES)[number];

/** The rules a database runs: the generic ones and its own (as `lintRules` lists them). */
export async function rulesOf(db: LintDb): Promise<LintRule[]> {
  return [...GENERIC_RULES, ...((await db.dialect.loadLintRules?.()) ?? [])];
}

/** lintCase runs every rule of the database over one case. */
export async function lintCase(db: LintDb, rules: readonly LintRule[], sql: Sql): Promise<Located[]> {
  return runRules(rules, await db.passes({ history: sql.history, file: sql.file }));
}

const show = (found: readonly Located[]) => found.map((f) => `${f.code}@${f.line}: ${f.message}`).join('\n');

/** ruleSuite makes one test per case and database. */
export function ruleSuite(title: string, codes: readonly string[], cases: readonly RuleCase[], targets: readonly RuleTarget[] = TARGETS_OF_RULES): void {
  for (const target of targets) {
    const mine = cases.filter((c) => c[target] !== undefined);
    if (mine.length === 0) continue;
    describe(`${title} on ${target}`, () => {
      let db: LintDb;
      let rules: LintRule[];
      before(async () => {
        db = await openLintDb(target as TargetName);
        rules = await rulesOf(db);
      });
      after(async () => {
        await db?.close();
      });
      for (const c of mine) {
        test(c.name, async () => {
          const sql = c[target]!;
          const found = await lintCase(db, rules, sql);
          const expect = sql.expect ?? c.expect;
          if (c.clean) assert.deepEqual(codesAt(found), [...expect], `the safe alternative must lint clean:\n${show(found)}`);
          else assert.deepEqual(codesAt(found.filter((f) => codes.includes(f.code))), [...expect], show(found));
          for (const f of found) {
            assert.ok(f.message.length > 20 && f.fix.length > 20, `${f.code} needs a message and a fix`);
          }
        });
      }
    });
  }
}
