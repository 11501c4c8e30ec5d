/**
 * The case table is one table: every case id of any dialect is stated by every dialect, as SQL
 * or as `notSupported(reason)` with a reason. A dialect's minimum size is the acceptance.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { caseTable } from './cases/tables.js';
import { isNotSupported } from './cases/types.js';

const DIALECTS = ['postgres', 'mysql', 'sqlite'] as const;
const MINIMUM = { postgres: 60, mysql: 80, sqlite: 60 } as const;

test('every dialect states every case id', async () => {
  const tables = Object.fromEntries(await Promise.all(DIALECTS.map(async (d) => [d, await caseTable(d)] as const)));
  const ids = [...new Set(DIALECTS.flatMap((d) => Object.keys(tables[d]!)))].sort();
  const missing = DIALECTS.flatMap((d) => ids.filter((id) => !(id in tables[d]!)).map((id) => `${d}: ${id}`));
  assert.deepEqual(missing, []);
  for (const d of DIALECTS) {
    const entries = Object.entries(tables[d]!);
    for (const [id, e] of entries) if (isNotSupported(e)) assert.ok(e.notSupported.length > 10, `${d}: ${id} needs a reason`);
    const runnable = entries.filter(([, e]) => !isNotSupported(e)).length;
    assert.ok(runnable >= MINIMUM[d], `${d} runs ${runnable} cases; at least ${MINIMUM[d]} wanted`);
  }
});
