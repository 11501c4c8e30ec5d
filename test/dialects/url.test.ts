import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseUrl, redactSecrets, redactUrl, schemeOf } from '../../src/dialects/url.js';
import { CairnError } from '../../src/errors.js';

test('parseUrl: server URLs', () => {
  const p = parseUrl('postgresql://app:p%40ss@db.example:6543/shop?sslmode=require');
  assert.equal(p.kind, 'postgres');
  assert.equal(p.scheme, 'postgresql');
  assert.equal(p.host, 'db.example');
  assert.equal(p.port, 6543);
  assert.equal(p.user, 'app');
  assert.equal(p.password, 'p@ss');
  assert.equal(p.database, 'shop');
  assert.deepEqual(p.params, { sslmode: 'require' });
  assert.equal(parseUrl('mariadb://root@127.0.0.1/test').kind, 'mysql');
  assert.equal(parseUrl('mysql://root@127.0.0.1:3306/test').database, 'test');
  assert.equal(parseUrl('postgres://[::1]:5432/x').host, '::1');
});

test('parseUrl: file and memory URLs', () => {
  assert.deepEqual(parseUrl('sqlite::memory:').memory, true);
  assert.equal(parseUrl('sqlite:db/app.sqlite').path, 'db/app.sqlite');
  assert.equal(parseUrl('sqlite:///abs/app.sqlite').path, '/abs/app.sqlite');
  assert.equal(parseUrl('sqlite://rel.sqlite').path, 'rel.sqlite');
  assert.equal(parseUrl('sqlite:memory').path, 'memory', 'sqlite:memory is a file named memory');
  assert.equal(parseUrl('pglite:memory').memory, true);
  assert.equal(parseUrl('pglite:./data').path, './data');
  assert.equal(parseUrl('pglite:///tmp/pg').path, '/tmp/pg');
  assert.equal(schemeOf('SQLite:x'), 'sqlite');
});

test('parseUrl: unsupported or malformed URLs are CONNECT errors without the password', () => {
  for (const url of ['oracle://u:s3cret@h/db', 'postgres://u:s3cret@h:notaport/db', 'sqlite:', 'nonsense']) {
    assert.throws(() => parseUrl(url), (e: unknown) => {
      assert.ok(e instanceof CairnError);
      assert.equal(e.code, 'CONNECT');
      assert.ok(!e.message.includes('s3cret'), e.message);
      assert.ok(!JSON.stringify(e).includes('s3cret'));
      return true;
    });
  }
});

test('redactUrl masks the password only', () => {
  assert.equal(redactUrl('postgres://u:s3cret@h:5432/db'), 'postgres://u:****@h:5432/db');
  assert.equal(redactUrl('mysql://root@h/db'), 'mysql://root@h/db');
  assert.equal(redactUrl('postgres://u:p@ss@h/db'), 'postgres://u:****@h/db');
  assert.equal(redactUrl('postgres://u:@h/db'), 'postgres://u:@h/db');
  assert.equal(redactUrl('sqlite:/tmp/a:b@c'), 'sqlite:/tmp/a:b@c');
});

test('redactSecrets removes raw, decoded and echoed-URL spellings', () => {
  const url = 'postgres://u:s3c%2Fret@h/db';
  const text = `failed ${url}: password s3c/ret rejected (raw s3c%2Fret)`;
  const out = redactSecrets(text, url);
  assert.ok(!out.includes('s3c/ret') && !out.includes('s3c%2Fret'), out);
  assert.ok(out.includes('postgres://u:****@h/db'), out);
  assert.equal(redactSecrets('nothing here', 'postgres://u@h/db'), 'nothing here');
});

test('redactUrl masks every shape a URL or DSN can take, parseable or not', () => {
  const cases: Array<[string, string]> = [
    ['postgres://u:hun#ter2@h/db', 'postgres://u:****@h/db'],
    ['postgres://u:hun/ter2@h/db', 'postgres://u:****@h/db'],
    ['postgres://u:hun?ter2@h/db', 'postgres://u:****@h/db'],
    ['postgres://u:hun:ter2@h/db', 'postgres://u:****@h/db'],
    ['postgres://u:hun%ZZter2@h/db', 'postgres://u:****@h/db'],
    ['postgres://u@h/db?password=hunter2', 'postgres://u@h/db?password=****'],
    ['postgres://u@h/db?sslmode=require&password=hun#ter2&x=1', 'postgres://u@h/db?sslmode=require&password=****&x=1'],
    ['mysql://u@h/db?pass=a&pwd=b&sslpassword=c', 'mysql://u@h/db?pass=****&pwd=****&sslpassword=****'],
    ['host=h password=hunter2 user=u', 'host=h password=**** user=u'],
    ["host=h password='hun ter2' user=u", 'host=h password=**** user=u'],
    ['Server=h;Pwd=hunter2;', 'Server=h;Pwd=****;'],
    ['mysql://u:hunter2@tcp(h:3306)/db', 'mysql://u:****@tcp(h:3306)/db'],
    ['u:hunter2@h/db', 'u:****@h/db'],
    [' postgres://u:hun ter2@h/db ', ' postgres://u:****@h/db '],
  ];
  for (const [url, want] of cases) assert.equal(redactUrl(url), want, url);
});

test('redactSecrets hides decoded, query-decoded and JSON-escaped spellings', () => {
  const url = 'postgres://u@h/db?password=a%22b+c';
  const text = `a"b c / a%22b+c / ${JSON.stringify('a"b c')}`;
  assert.equal(redactSecrets(text, url), '**** / **** / "****"');
});
