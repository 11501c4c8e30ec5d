/** Row-level security on PGlite: what the inspector reads, the changes the differ emits, the DSL both ways. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { open } from './helpers/conn.js';
import { inspectRealm } from '../../src/dialects/postgres/inspect.js';
import { diffRealms } from './helpers/pg-diff.js';
import type { Change } from '../../src/diff/changes.js';
import { canonicalJson, findTable } from '../../src/schema/build.js';
import { loadSchemaFile } from '../../src/dsl/load.js';
import { compileSchema } from '../../src/dsl/compile.js';
import { applyDdl } from '../../src/diff/desired.js';
import { dslRoundTrip } from './helpers/dsl.js';
import { firstDifference } from './helpers/cases-run.js';

const SETUP = `CREATE ROLE zed; CREATE ROLE amy;
  CREATE FUNCTION is_ok(x int) RETURNS boolean LANGUAGE sql STABLE AS $$ SELECT x > 0 $$;
  CREATE TABLE t (a int, b text); ALTER TABLE t ENABLE ROW LEVEL SECURITY;`;

test('the inspector reads policies as PostgreSQL normalises them, deterministically and frozen', async () => {
  const conn = await open('pglite:memory');
  try {
    await conn.exec(`${SETUP} ALTER TABLE t FORCE ROW LEVEL SECURITY;
      CREATE POLICY p ON t AS RESTRICTIVE FOR UPDATE TO zed, amy USING (is_ok(a)) WITH CHECK (b <> 'x');
      CREATE POLICY a ON t FOR SELECT USING (true); COMMENT ON POLICY a ON t IS 'all rows'`);
    const [r1, r2] = [await inspectRealm(conn), await inspectRealm(conn)];
    assert.equal(canonicalJson(r1), canonicalJson(r2));
    const t = findTable(r1, 'public', 't')!;
    assert.ok(Object.isFrozen(t.policies) && Object.isFrozen(t.policies[0].roles));
    assert.deepEqual(t.rowSecurity, { enabled: true, forced: true });
    assert.deepEqual(t.policies.map(({ deps, ...p }) => p), [
      { name: 'a', command: 'SELECT', permissive: true, roles: ['public'], using: 'true', withCheck: undefined, comment: 'all rows' },
      { name: 'p', command: 'UPDATE', permissive: false, roles: ['amy', 'zed'], using: 'public.is_ok(a)', withCheck: "(b <> 'x'::text)", comment: undefined },
    ]);
    assert.deepEqual(t.policies[1].deps, [
      { kind: 'function', schema: 'public', name: 'is_ok', args: 'x integer' },
      { kind: 'relation', schema: 'public', name: 't', column: 'a' },
      { kind: 'relation', schema: 'public', name: 't', column: 'b' },
    ]);
    // Dependencies are for ordering only: they are not compared.
    assert.ok(!canonicalJson(t).includes('"deps"'));
  } finally {
    await conn.close();
  }
});

test('the differ alters roles and expressions in place and re-creates a policy whose command changes', async () => {
  const [a, b] = [await open('pglite:memory'), await open('pglite:memory')];
  try {
    await a.exec(`${SETUP} CREATE POLICY r ON t USING (a > 0); CREATE POLICY c ON t USING (a > 0); CREATE POLICY gone ON t USING (true)`);
    await b.exec(`${SETUP} ALTER TABLE t FORCE ROW LEVEL SECURITY; CREATE POLICY r ON t TO amy USING (a > 1); CREATE POLICY c ON t FOR DELETE USING (a > 0);
      CREATE POLICY fresh ON t FOR INSERT WITH CHECK (is_ok(a))`);
    const changes = diffRealms(await inspectRealm(a), await inspectRealm(b));
    const label = (c: Change) => (c.kind === 'AddPolicy' || c.kind === 'DropPolicy' ? `${c.kind} ${c.policy.name}` : c.kind === 'ModifyPolicy' ? `${c.kind} ${c.to.name}` : c.kind);
    assert.deepEqual(changes.map(label), [
      'DropPolicy gone', 'AddPolicy fresh', 'DropPolicy c', 'AddPolicy c', 'ModifyPolicy r', 'SetRowSecurity',
    ]);
  } finally {
    await a.close();
    await b.close();
  }
});

test('a DSL schema with policies applies, inspects, and writes back to the same DSL state', async () => {
  const [conn, again] = [await open('pglite:memory'), await open('pglite:memory')];
  const dir = mkdtempSync(join(tmpdir(), 'cairn-rls-'));
  try {
    await conn.exec('CREATE ROLE app_user');
    await again.exec('CREATE ROLE app_user');
    const file = join(dir, 'schema.ts');
    writeFileSync(file, `import { fn, policy, sql, table, text } from 'cairn-migrate/dsl';
export const visible = fn(sql\`CREATE FUNCTION visible(t text) RETURNS boolean LANGUAGE sql AS $$ SELECT t IS NOT NULL $$\`);
export const notes = table('notes', { owner: text().notNull(), body: text() }, () => [
  policy('own').to('app_user').using(sql\`owner = current_user AND visible(body)\`).comment('mine'),
  policy('insert_own').for('INSERT').restrictive().withCheck(sql\`owner = current_user\`),
], { rls: true });
`);
    await applyDdl(conn, compileSchema(await loadSchemaFile(file), conn.dialect.quoteIdent).statements.map((text) => ({ text })));
    const want = await inspectRealm(conn);
    const notes = findTable(want, 'public', 'notes')!;
    assert.deepEqual(notes.rowSecurity, { enabled: true, forced: false });
    assert.deepEqual(notes.policies.map((p) => [p.name, p.command, p.permissive, p.roles.join()]), [['insert_own', 'INSERT', false, 'public'], ['own', 'ALL', true, 'app_user']]);
    const got = await dslRoundTrip(want, again);
    assert.ok(canonicalJson(got) === canonicalJson(want), firstDifference(canonicalJson(got), canonicalJson(want)));
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await conn.close();
    await again.close();
  }
});
