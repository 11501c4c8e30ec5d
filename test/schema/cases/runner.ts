/** Registers one node:test subtest per supported case of a dialect's table. */
import { test } from 'node:test';
import type { TargetName } from '../../helpers/db.js';
import { engineFor, runCase, supported } from './run.js';
import { caseTable } from './tables.js';

/** Cases run a few at a time: each waits on its database more than on this process. */
const CONCURRENCY = 4;

export function registerCaseTable(dialect: 'postgres' | 'mysql' | 'sqlite', target: TargetName): void {
  test(`${dialect} case table on ${target}: up → inspect = to → second diff empty → down → inspect = from`, async (t) => {
    const cases = supported(await caseTable(dialect));
    const engine = await engineFor(target);
    const queue = [...cases];
    const failures: string[] = [];
    await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
      for (let next = queue.shift(); next; next = queue.shift()) {
        const [id, k] = next;
        try {
          await runCase(target, engine, k);
        } catch (e) {
          failures.push(`${id}: ${(e as Error).message}`);
        }
      }
    }));
    t.diagnostic(`${cases.length - failures.length}/${cases.length} cases converge`);
    if (failures.length) throw new Error(`${failures.length} of ${cases.length} cases fail:\n\n${failures.sort().join('\n\n')}`);
  });
}
