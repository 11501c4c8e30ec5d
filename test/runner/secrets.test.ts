/**
 * A password in the target URL never appears in a result, a progress event, or an error
 * (message, hint, details, stack), on success and on failure, for both server targets.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { apply } from '../../src/commands/apply.js';
import { status } from '../../src/commands/status.js';
import { CairnError } from '../../src/errors.js';
import { withTestDatabase } from '../helpers/db.js';
import { tempDir } from './helpers.js';

const SECRET = 'Sup3r-s3cret_pw';

function withPassword(url: string): string {
  const u = new URL(url);
  u.password = SECRET;
  return u.toString();
}

function assertClean(x: unknown, what: string): void {
  const text = x instanceof Error ? `${x.message}\n${x.stack}\n${JSON.stringify(x)}\n${String((x as CairnError).hint)}` : JSON.stringify(x);
  assert.ok(!text.includes(SECRET), `${what} leaks the password: ${text.slice(0, 400)}`);
}

describe('passwords stay out of output', () => {
  it('postgres: results, events and a migration failure (the local server trusts, so the password is only carried)', () =>
    withTestDatabase('postgres', async (db) => {
      const url = withPassword(db.url);
      const d = tempDir({ '1_a.sql': 'CREATE TABLE a (id integer);\n', '2_bad.sql': 'SELECT * FROM nope;\n' });
      const events: unknown[] = [];
      try {
        await assert.rejects(apply({ url, dir: d.path, onProgress: (e) => events.push(e) }), (e: unknown) => {
          assertClean(e, 'error');
          return e instanceof CairnError && e.code === 'MIGRATION_FAILED';
        });
        assertClean(events, 'events');
        const st = await status({ url, dir: d.path });
        assertClean(st, 'status');
        assert.match(st.target, /\*\*\*\*/);
      } finally {
        d.dispose();
      }
    }));

  it('mariadb: a refused login names the target without its password', () =>
    withTestDatabase('mysql', async (db) => {
      const d = tempDir({ '1_a.sql': 'CREATE TABLE a (id integer);\n' });
      try {
        await assert.rejects(apply({ url: withPassword(db.url).replace('root', 'nobody_here'), dir: d.path }), (e: unknown) => {
          assertClean(e, 'error');
          return e instanceof CairnError && e.code === 'CONNECT';
        });
      } finally {
        d.dispose();
      }
    }));
});
