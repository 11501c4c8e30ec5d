/**
 * Passwords never appear in connection errors: not in the message, the stack, the JSON form,
 * nor in the attached cause (util.inspect prints causes).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { inspect } from 'node:util';
import { connect } from '../../src/dialects/registry.js';
import { CairnError } from '../../src/errors.js';

function assertNoSecret(err: unknown, secrets: string[]): void {
  assert.ok(err instanceof CairnError, `expected CairnError, got ${String(err)}`);
  assert.equal(err.code, 'CONNECT');
  assert.ok(err.hint, 'a CONNECT error carries a hint');
  const views = [err.message, err.stack ?? '', JSON.stringify(err), inspect(err, { depth: 10 }), String(err.cause), (err.cause as Error | undefined)?.stack ?? ''];
  for (const view of views) for (const s of secrets) assert.ok(!view.includes(s), `secret ${s} leaked in: ${view}`);
}

const CASES: Array<[string, string[]]> = [
  ['postgres://postgres:s3cret@127.0.0.1:1/x', ['s3cret']],
  ['mysql://root:s3cret@127.0.0.1:1/x', ['s3cret']],
  ['mariadb://root:s3cret@127.0.0.1:1/x', ['s3cret']],
  ['postgresql://postgres:s3c%40ret@127.0.0.1:1/x', ['s3c@ret', 's3c%40ret']],
  ['postgres://postgres:s3cret@127.0.0.1:notaport/x', ['s3cret']],
  ['postgres://postgres:s3cret@no-such-host.invalid:5432/x', ['s3cret']],
  // Real servers rejecting the credentials.
  ['mysql://root:s3cret@127.0.0.1:3306/test', ['s3cret']],
  ['postgres://cairn_no_such_role:s3cret@127.0.0.1:5432/test', ['s3cret']],
];

for (const [url, secrets] of CASES) {
  test(`connect(${url.replace(/:[^:@/]*@/, ':***@')}) fails without leaking the password`, async () => {
    const err = await connect(url, { connectTimeoutMs: 3000 }).then(() => undefined, (e: unknown) => e);
    assertNoSecret(err, secrets);
    assert.match((err as Error).message, /\*\*\*\*/, 'the URL is shown redacted');
  });
}
