/**
 * The targets of a fan-out, checked before anything runs: targets files (comments, malformed
 * lines named by number with the password masked, duplicates), tenants and templates (a schema
 * per tenant where the dialect has schemas, refused on SQLite), and shards: stable, disjoint,
 * covering, and unmoved when targets are added.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CairnError } from '../../src/errors.js';
import {
  asTargets, formatTargetsFile, parseTargets, parseTenants, schemaTemplateTargets, urlTemplateTargets,
} from '../../src/migrate/fanout/targets.js';
import { parseShard, selectShard, shardOf } from '../../src/migrate/fanout/shard.js';

function refusal(fn: () => unknown): CairnError {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof CairnError, String(e));
    return e;
  }
  assert.fail('expected a refusal');
}

test('a targets file: one URL per line, blank lines and # comments skipped, passwords masked in names', () => {
  const text = '# eu fleet\n\npostgres://app:s3cret@eu-1:5432/shop\r\n  mysql://root@eu-2/shop  \n# postgres://old@gone/x\nsqlite:/var/db/a.db\n';
  const t = parseTargets(text, 'fleet.txt');
  assert.deepEqual(t.map((x) => [x.name, x.source]), [
    ['postgres://app:****@eu-1:5432/shop', 'fleet.txt:3'],
    ['mysql://root@eu-2/shop', 'fleet.txt:4'],
    ['sqlite:/var/db/a.db', 'fleet.txt:6'],
  ]);
  assert.equal(t[0]!.url, 'postgres://app:s3cret@eu-1:5432/shop', 'the URL itself is kept to connect with');
});

test('a malformed line is named by file and line number, with its password masked', () => {
  const bad = [
    ['postgres://app:s3cret@db:port/shop', 3],
    ['htp://app:s3cret@db/shop', 3],
    ['postgres://app:s3cret@db/a postgres://app:s3cret@db/b', 3],
  ] as const;
  for (const [line, at] of bad) {
    const e = refusal(() => parseTargets(`postgres://ok@db/x\n# c\n${line}\n`, 'fleet.txt'));
    assert.equal(e.code, 'USAGE');
    assert.match(e.message, new RegExp(`^fleet\\.txt:${at}: `));
    assert.ok(!e.message.includes('s3cret') && !(e.hint ?? '').includes('s3cret'), e.message);
    assert.deepEqual([e.details.file, e.details.line], ['fleet.txt', at]);
  }
});

test('a target listed twice is refused with both lines, even with another password', () => {
  const e = refusal(() => parseTargets('postgres://app:a@db/x\npostgres://app:b@db/y\npostgres://app:c@db/x\n', 't.txt'));
  assert.match(e.message, /postgres:\/\/app:\*\*\*\*@db\/x is listed twice \(t\.txt:1 and t\.txt:3\)/);
  assert.ok(!/:a@|:c@/.test(e.message));
  assert.throws(() => asTargets(['postgres://db/x', 'postgres://db/x']), /listed twice/);
});

test('tenants and URL templates', () => {
  const tenants = parseTenants('acme\n# paused: hooli\n\nglobex\ninit-ech.eu\n', 'tenants.txt');
  assert.deepEqual(tenants.map((t) => t.name), ['acme', 'globex', 'init-ech.eu']);
  const t = urlTemplateTargets('postgres://app:pw@db:5432/{tenant}?sslmode=disable', tenants);
  assert.deepEqual(t.map((x) => [x.url, x.name, x.tenant, x.source]), [
    ['postgres://app:pw@db:5432/acme?sslmode=disable', 'postgres://app:****@db:5432/acme?sslmode=disable', 'acme', 'tenants.txt:1'],
    ['postgres://app:pw@db:5432/globex?sslmode=disable', 'postgres://app:****@db:5432/globex?sslmode=disable', 'globex', 'tenants.txt:4'],
    ['postgres://app:pw@db:5432/init-ech.eu?sslmode=disable', 'postgres://app:****@db:5432/init-ech.eu?sslmode=disable', 'init-ech.eu', 'tenants.txt:5'],
  ]);
  assert.match(refusal(() => parseTenants('acme\nbad name\n', 'tenants.txt')).message, /^tenants\.txt:2: "bad name" is not a tenant name/);
  assert.match(refusal(() => parseTenants('acme\n../x\n', 'tenants.txt')).message, /^tenants\.txt:2: /);
  assert.match(refusal(() => parseTenants('acme\nb\nacme\n', 'tenants.txt')).message, /^tenants\.txt:3: tenant acme is listed twice \(first on line 1\)/);
  const e = refusal(() => urlTemplateTargets('postgres://app:pw@db/shop', tenants));
  assert.match(e.message, /has no \{tenant\}/);
  assert.ok(!e.message.includes(':pw@'));
});

test('a schema per tenant: PostgreSQL scopes the search_path, MySQL names the database, SQLite is refused', () => {
  const tenants = parseTenants('acme\nGlobex\n', 'tenants.txt');
  const pg = schemaTemplateTargets('postgres://app:pw@db:5432/saas?sslmode=disable', 'tenant_{tenant}', tenants);
  assert.deepEqual(pg.map((t) => t.url), [
    'postgres://app:pw@db:5432/saas?sslmode=disable&search_path=tenant_acme',
    // A name a bare identifier would fold is quoted, so the schema is created as written.
    'postgres://app:pw@db:5432/saas?sslmode=disable&search_path=%22tenant_Globex%22',
  ]);
  const my = schemaTemplateTargets('mysql://root:pw@db:3306/', 't_{tenant}', tenants);
  assert.deepEqual(my.map((t) => t.name), ['mysql://root:****@db:3306/t_acme', 'mysql://root:****@db:3306/t_Globex']);
  const e = refusal(() => schemaTemplateTargets('sqlite:/tmp/app.db', 'tenant_{tenant}', tenants));
  assert.match(e.message, /SQLite has no schemas/);
  assert.match(e.hint ?? '', /--url-template 'sqlite:tenants\/\{tenant\}\.db'/);
});

test('the failed-targets file reads back as a targets file', () => {
  const targets = parseTargets('postgres://app:pw@db/a\npostgres://app:pw@db/b\n', 'in.txt');
  const text = formatTargetsFile([{ target: targets[1]!, reason: 'failed: MIGRATION_FAILED: migration 4 failed\nmore' }], 'targets that did not finish\nretry');
  assert.deepEqual(parseTargets(text, 'out.txt').map((t) => t.url), ['postgres://app:pw@db/b']);
});

test('--shard i/n: parsed strictly', () => {
  assert.deepEqual(parseShard('2/4'), { index: 2, count: 4 });
  assert.deepEqual(parseShard('1/1'), { index: 1, count: 1 });
  for (const bad of ['0/4', '5/4', '1/0', '2', 'a/b', '1/4/2', '-1/4']) assert.equal(refusal(() => parseShard(bad)).code, 'USAGE', bad);
});

test('shards are disjoint, cover every target, balanced, and do not move when targets are added', () => {
  const fleet = Array.from({ length: 600 }, (_, i) => ({ name: `postgres://app:****@db-${i % 7}:5432/tenant_${i}` }));
  for (const count of [1, 2, 3, 4, 7, 16]) {
    const shards = Array.from({ length: count }, (_, i) => selectShard(fleet, { index: i + 1, count }));
    const all = shards.flat().map((t) => t.name);
    assert.equal(all.length, fleet.length, `${count}: covering, no target twice`);
    assert.equal(new Set(all).size, fleet.length, `${count}: disjoint`);
    for (const s of shards) assert.ok(s.length > (fleet.length / count) * 0.6, `${count}: balanced (${shards.map((x) => x.length)})`);
  }
  // Position plays no part: a reordered, grown fleet keeps every old target in its shard.
  const grown = [...fleet.slice(300), { name: 'postgres://db/new-1' }, ...fleet.slice(0, 300).reverse(), { name: 'postgres://db/new-2' }];
  const before = new Map(fleet.map((t) => [t.name, selectShard([t], { index: 3, count: 5 }).length]));
  for (const t of selectShard(grown, { index: 3, count: 5 })) if (before.has(t.name)) assert.equal(before.get(t.name), 1);
  // Known values pin the hash: runners on other machines and Cairn versions must agree.
  assert.deepEqual(['postgres://app:****@db:5432/shop', 'mysql://root@db/a', 'sqlite:/x.db'].map((n) => [shardOf(n, 4), shardOf(n, 7)]), [[4, 2], [4, 1], [1, 5]]);
});
