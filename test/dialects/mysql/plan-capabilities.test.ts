/**
 * The planner writes for the server that read the realm (the `mysql.server` attribute on its
 * schema): the same changes, read on MariaDB here and re-labelled as other servers, give each
 * server's DDL. And what MySQL lacks is refused by name, never dropped.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { built, engine, planned, sqlOf } from './helpers.js';
import { mysqlDialect } from '../../../src/dialects/mysql/dialect.js';
import { realm } from '../../../src/schema/build.js';
import type { Realm } from '../../../src/schema/model.js';
import type { Change } from '../../../src/diff/changes.js';
import { CairnError } from '../../../src/errors.js';
import { attrOf, schemaAttrs, type SchemaWithAttrs } from '../../../src/dialects/mysql/attrs.js';

/** on re-labels a realm as read from another server. */
function on(r: Realm, flavor: 'mysql' | 'mariadb', version: string): Realm {
  const s = r.schemas[0] as SchemaWithAttrs;
  return realm([{ ...s, attrs: [...schemaAttrs(s).filter((a) => a.kind !== 'mysql.server'), { kind: 'mysql.server', flavor, version }] } as SchemaWithAttrs]);
}

const planOn = (changes: Change[], from: Realm, to: Realm, flavor: 'mysql' | 'mariadb', version: string) => sqlOf(engine.plan(changes, on(from, flavor, version), on(to, flavor, version)));

test('the inspected realm names its server', async () => {
  const p = await planned('CREATE TABLE t (id int PRIMARY KEY);', 'CREATE TABLE t (id int PRIMARY KEY);');
  try {
    const server = attrOf(schemaAttrs(p.from.realm.schemas[0]), 'mysql.server');
    assert.equal(server?.flavor, 'mariadb');
    assert.match(server?.version ?? '', /^10\.11\./);
    assert.ok(attrOf(schemaAttrs(p.from.realm.schemas[0]), 'mysql.database')?.collation);
  } finally {
    await p.close();
  }
});

test('RENAME COLUMN where the server has it, CHANGE COLUMN with the full definition where it does not (MariaDB 10.4)', async () => {
  const p = await planned("CREATE TABLE t (id int PRIMARY KEY, a varchar(9) NOT NULL DEFAULT 'x');", "CREATE TABLE t (id int PRIMARY KEY, b varchar(9) NOT NULL DEFAULT 'x');", ['t.a=b']);
  try {
    assert.deepEqual(planOn(p.changes, p.from.realm, p.to.realm, 'mysql', '8.0.36'), ['ALTER TABLE `t` RENAME COLUMN `a` TO `b`']);
    assert.deepEqual(planOn(p.changes, p.from.realm, p.to.realm, 'mariadb', '10.4.32'), ["ALTER TABLE `t` CHANGE COLUMN `a` `b` varchar(9) NOT NULL DEFAULT 'x'"]);
    assert.deepEqual(sqlOf(engine.plan(p.changes, on(p.from.realm, 'mariadb', '10.4.32'), on(p.to.realm, 'mariadb', '10.4.32')), true), ["ALTER TABLE `t` CHANGE COLUMN `b` `a` varchar(9) NOT NULL DEFAULT 'x'"]);
  } finally {
    await p.close();
  }
});

test('RENAME INDEX, or drop and add in one statement on servers without it', async () => {
  const p = await planned('CREATE TABLE t (id int PRIMARY KEY, a int, KEY ka (a));', 'CREATE TABLE t (id int PRIMARY KEY, a int, KEY kb (a));', ['ka=kb']);
  try {
    assert.deepEqual(planOn(p.changes, p.from.realm, p.to.realm, 'mysql', '8.0.36'), ['ALTER TABLE `t` RENAME INDEX `ka` TO `kb`']);
    assert.deepEqual(planOn(p.changes, p.from.realm, p.to.realm, 'mariadb', '10.4.32'), ['ALTER TABLE `t` DROP INDEX `ka`, ADD KEY `kb` (`a`)']);
  } finally {
    await p.close();
  }
});

test('checks are dropped with DROP CHECK on MySQL 8.0.16-8.0.18, DROP CONSTRAINT elsewhere', async () => {
  const p = await planned('CREATE TABLE t (id int PRIMARY KEY, a int, CONSTRAINT a_pos CHECK (a > 0));', 'CREATE TABLE t (id int PRIMARY KEY, a int);');
  try {
    assert.deepEqual(planOn(p.changes, p.from.realm, p.to.realm, 'mysql', '8.0.16'), ['ALTER TABLE `t` DROP CHECK `a_pos`']);
    assert.deepEqual(planOn(p.changes, p.from.realm, p.to.realm, 'mysql', '8.0.36'), ['ALTER TABLE `t` DROP CONSTRAINT `a_pos`']);
    assert.deepEqual(planOn(p.changes, p.from.realm, p.to.realm, 'mariadb', '10.11.6'), ['ALTER TABLE `t` DROP CONSTRAINT `a_pos`']);
  } finally {
    await p.close();
  }
});

test('an index the optimizer ignores: IGNORED on MariaDB, INVISIBLE on MySQL, toggled without a rebuild', async () => {
  const p = await planned('CREATE TABLE t (id int PRIMARY KEY, a int, KEY ka (a));', 'CREATE TABLE t (id int PRIMARY KEY, a int, KEY ka (a) IGNORED);');
  try {
    assert.deepEqual(sqlOf(p.plan), ['ALTER TABLE `t` ALTER INDEX `ka` IGNORED']);
    assert.deepEqual(sqlOf(p.plan, true), ['ALTER TABLE `t` ALTER INDEX `ka` NOT IGNORED']);
    assert.deepEqual(planOn(p.changes, p.from.realm, p.to.realm, 'mysql', '8.0.36'), ['ALTER TABLE `t` ALTER INDEX `ka` INVISIBLE']);
    assert.deepEqual(sqlOf(engine.plan(p.changes, on(p.from.realm, 'mysql', '8.0.36'), on(p.to.realm, 'mysql', '8.0.36')), true), ['ALTER TABLE `t` ALTER INDEX `ka` VISIBLE']);
  } finally {
    await p.close();
  }
});

test('adding a column copies the table only where ADD COLUMN cannot be instant there', async () => {
  const p = await planned('CREATE TABLE t (id int PRIMARY KEY, a int);', 'CREATE TABLE t (id int PRIMARY KEY, z int, a int, b int);');
  try {
    const hazards = (flavor: 'mysql' | 'mariadb', version: string) => engine.plan(p.changes, on(p.from.realm, flavor, version), on(p.to.realm, flavor, version)).statements.map((s) => s.hazards.join(','));
    assert.deepEqual(hazards('mysql', '8.0.36'), ['', '']);
    assert.deepEqual(hazards('mysql', '8.0.20'), ['table-rewrite', '']);
    assert.deepEqual(hazards('mysql', '5.7.44'), ['table-rewrite', 'table-rewrite']);
  } finally {
    await p.close();
  }
});

test('a functional index planned for MariaDB is refused naming the index and the table', () => {
  const index = { name: 'users_lower_email', unique: false, method: 'btree', include: [], attrs: [], parts: [{ expr: 'lower(`email`)', desc: false, attrs: [] }] };
  const change: Change = { kind: 'AddIndex', table: { schema: 'main', name: 'users' }, index };
  const r = realm([{ name: 'main', tables: [], views: [], enums: [], domains: [], composites: [], sequences: [], functions: [], collations: [], aggregates: [], textSearchConfigs: [] }]);
  assert.throws(() => engine.plan([change], on(r, 'mariadb', '10.11.6'), on(r, 'mariadb', '10.11.6')), (e: unknown) =>
    e instanceof CairnError && e.code === 'SCHEMA' && /users_lower_email/.test(e.message) && /users/.test(e.message) && /MariaDB/.test(e.message));
  assert.deepEqual(planOn([change], r, r, 'mysql', '8.0.36'), ['ALTER TABLE `users` ADD KEY `users_lower_email` ((lower(`email`)))']);
});

test('what MySQL has no place for is refused by name: sequences, extensions, schemas', () => {
  const r = realm([{ name: 'main', tables: [], views: [], enums: [], domains: [], composites: [], sequences: [], functions: [], collations: [], aggregates: [], textSearchConfigs: [] }]);
  const seq = { schema: 'main', name: 'ids', type: 'bigint', start: '1', increment: '1', min: '1', max: '9', cache: '1', cycle: false };
  const refuse = (c: Change, pattern: RegExp) => assert.throws(() => engine.plan([c], r, r), (e: unknown) => e instanceof CairnError && pattern.test(e.message));
  refuse({ kind: 'AddSequence', sequence: seq }, /cannot add sequence \(ids\).*no sequences/);
  refuse({ kind: 'AddExtension', extension: { name: 'postgis', schema: 'main' } }, /cannot add extension \(postgis\).*no extensions/);
  refuse({ kind: 'DropSchema', schema: r.schemas[0] }, /cannot drop schema.*one database/);
});

test("MariaDB's syntax error for an expression key part comes with a hint saying what is missing", async () => {
  const b = await built('CREATE TABLE users (id int PRIMARY KEY, email varchar(200));');
  try {
    const e = await b.conn.exec('CREATE INDEX users_lower_email ON users ((lower(email)))').then(() => undefined, (x: unknown) => x);
    assert.ok(e, 'MariaDB refuses it');
    assert.match(mysqlDialect.errorInfo(e).hint ?? '', /no expression \(functional\) index key parts/);
    const other = await b.conn.exec('CREATE INDEX x ON users (nope)').then(() => undefined, (x: unknown) => x);
    assert.equal(mysqlDialect.errorInfo(other).hint, undefined);
  } finally {
    await b.close();
  }
});
