/** Every dialect's column of the case table, for the completeness test and the runners. */
import type { CaseTable } from './types.js';

/** Loads a dialect's table; a dialect whose file is not written yet has an empty one. */
export async function caseTable(dialect: 'postgres' | 'mysql' | 'sqlite'): Promise<CaseTable> {
  const mod = (await import(`./${dialect}.js`)) as Record<string, CaseTable>;
  const table = mod[`${dialect}Cases`];
  if (!table) throw new Error(`test/schema/cases/${dialect}.ts exports no ${dialect}Cases`);
  return table;
}
