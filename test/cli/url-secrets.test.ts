/**
 * A password never reaches stdout or stderr, whatever shape the URL or DSN has: malformed
 * userinfo (`#`, `/`, `?`, `@`, `:`, bad percent-escapes), `?password=`-style parameters,
 * key=value DSNs, mysql's `tcp(host)`, a missing scheme, whitespace. Every command that takes a
 * URL is run, in text and JSON, and the error must still name the URL (masked).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { redactUrl } from '../../src/dialects/url.js';
import { cairn, cairnBatch, json, writeTree } from './helpers.js';

// Each password is made of two halves that must both stay hidden: a leak of either half is a
// leak of the password (`K1ngF1sh` printed before an unescaped '#' is exactly the old bug).
const HALVES = ['K1ngF1sh', 'T0pS3cr3t'];

const URLS = [
  'postgres://app:K1ngF1sh#T0pS3cr3t@127.0.0.1:1/shop',
  'postgres://app:K1ngF1sh/T0pS3cr3t@127.0.0.1:1/shop',
  'postgres://app:K1ngF1sh?T0pS3cr3t@127.0.0.1:1/shop',
  'postgres://app:K1ngF1sh@T0pS3cr3t@127.0.0.1:1/shop',
  'postgres://app:K1ngF1sh:T0pS3cr3t@127.0.0.1:1/shop',
  'postgres://app:K1ngF1sh%ZZT0pS3cr3t@127.0.0.1:notaport/shop',
  'postgresql://app:K1ngF1sh%40T0pS3cr3t@127.0.0.1:1/shop',
  'postgres://app:K1ngF1sh"T0pS3cr3t@127.0.0.1:1/shop',
  'postgres://app:K1ngF1sh\\T0pS3cr3t@127.0.0.1:1/shop',
  'postgres://app@127.0.0.1:1/shop?password=K1ngF1sh%23T0pS3cr3t',
  'postgresql://app@127.0.0.1:1/shop?sslmode=disable&password=K1ngF1sh#T0pS3cr3t',
  'mysql://root@127.0.0.1:1/test?pass=K1ngF1sh+T0pS3cr3t',
  'mariadb://root@127.0.0.1:1/test?charset=utf8mb4&pwd=K1ngF1sh.T0pS3cr3t',
  'mysql://root:K1ngF1sh!T0pS3cr3t@tcp(127.0.0.1:1)/test',
  "host=127.0.0.1 port=1 user=app password='K1ngF1sh T0pS3cr3t' dbname=shop",
  'host=127.0.0.1 password=K1ngF1sh-T0pS3cr3t',
  'Server=127.0.0.1;Uid=app;Pwd=K1ngF1sh~T0pS3cr3t;',
  'app:K1ngF1sh.T0pS3cr3t@127.0.0.1:1/shop',
  '  postgres://app:K1ngF1sh T0pS3cr3t@127.0.0.1:1/shop  ',
];

function project(): string {
  const root = writeTree({
    'migrations/20260101000000_init.sql': 'CREATE TABLE t (id integer);\n',
    'schema.sql': 'CREATE TABLE t (id integer);\n',
  });
  return root;
}

const COMMANDS: Array<[string, (url: string) => string[]]> = [
  ['status', (u) => ['status', '--url', u]],
  ['apply', (u) => ['apply', '--url', u]],
  ['diff', (u) => ['diff', 'x', '--to', 'schema.sql', '--dev-url', u]],
  ['inspect', (u) => ['inspect', '--url', u]],
];

function assertHidden(out: string, what: string): void {
  for (const h of HALVES) assert.ok(!out.includes(h), `${what}: password half ${h} leaked:\n${out}`);
}

test('a password in any URL or DSN shape never appears in output, and the error names the masked URL', async () => {
  const cwd = project();
  const calls: { args: string[]; cwd: string }[] = [{ args: ['hash'], cwd }];
  const cases: { what: string; url: string; json: boolean }[] = [];
  for (const url of URLS) {
    for (const [name, args] of COMMANDS) {
      for (const asJson of [false, true]) {
        calls.push({ args: asJson ? ['--json', ...args(url)] : args(url), cwd });
        cases.push({ what: `${name}${asJson ? ' --json' : ''} ${JSON.stringify(url)}`, url, json: asJson });
      }
    }
  }
  const [hash, ...results] = await cairnBatch(calls, 1);
  assert.equal(hash!.code, 0, hash!.stderr);
  results.forEach((r, i) => {
    const c = cases[i]!;
    assertHidden(r.stdout + r.stderr, c.what);
    assert.notEqual(r.code, 0, `${c.what} must fail`);
    const masked = redactUrl(c.url).trim();
    assert.ok(masked.includes('****'), `${c.what}: redactUrl masks it (${masked})`);
    const message = c.json ? String(json(r).error.message) : r.stderr;
    assert.ok(message.includes(masked), `${c.what}: the error names the URL, masked (${masked}):\n${message}`);
  });
});

test('through the bin: a malformed URL with "#" in the password is masked in text and JSON', async () => {
  const cwd = project();
  const url = 'postgres://app:K1ngF1sh#T0pS3cr3t@127.0.0.1:1/shop';
  const text = await cairn(['status', '--url', url], { cwd });
  assert.equal(text.code, 1);
  assertHidden(text.stdout + text.stderr, 'status');
  assert.match(text.stderr, /malformed database URL postgres:\/\/app:\*\*\*\*@127\.0\.0\.1:1\/shop/);
  const asJson = await cairn(['status', '--url', 'postgres://app@127.0.0.1:1/shop?password=K1ngF1sh/T0pS3cr3t', '--json'], { cwd });
  assert.equal(asJson.code, 1);
  assertHidden(asJson.stdout + asJson.stderr, 'status --json');
  assert.equal(json(asJson).error.code, 'CONNECT');
  assert.match(json(asJson).error.message, /postgres:\/\/app@127\.0\.0\.1:1\/shop\?password=\*\*\*\*/);
});

test('a password in a config-file URL that does not parse is masked too', async () => {
  const cwd = project();
  writeTree({ 'cairn.config.json': JSON.stringify({ url: 'postgres://app:K1ngF1sh/T0pS3cr3t@127.0.0.1:1/shop' }) }, cwd);
  const r = await cairn(['status'], { cwd });
  assert.equal(r.code, 1);
  assertHidden(r.stdout + r.stderr, 'status with config');
  assert.match(r.stderr, /postgres:\/\/app:\*\*\*\*@127\.0\.0\.1:1\/shop/);
});
