/**
 * `inspect --format ts` on MySQL/MariaDB: the generated `cairn-migrate/dsl/mysql` module, loaded
 * and compiled like a user's schema.ts and applied to an empty database, inspects exactly as
 * the database it was written from.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadSchemaFile } from '../../../src/dsl/load.js';
import { applyDdl } from '../../../src/diff/desired.js';
import { canonicalJson } from '../../../src/schema/build.js';
import { built, engine } from './helpers.js';

const RICH = `
CREATE TABLE users (
  id bigint unsigned NOT NULL AUTO_INCREMENT PRIMARY KEY, email varchar(200) NOT NULL, name varchar(100) COLLATE utf8mb4_bin COMMENT 'shown',
  active boolean NOT NULL DEFAULT true, role enum('admin','it''s me','a,b') NOT NULL DEFAULT 'admin', perms set('r','w') DEFAULT 'r',
  score decimal(6,2) unsigned DEFAULT 0.00, code int(6) unsigned zerofill, flags bit(3) DEFAULT b'101', meta json, born date, wake time(2), y year,
  secret varchar(20) INVISIBLE, token varchar(36) DEFAULT (uuid()), age int CHECK (age >= 0),
  created_at datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3), updated_at timestamp NULL ON UPDATE CURRENT_TIMESTAMP,
  email_domain varchar(200) GENERATED ALWAYS AS (substring_index(email, '@', -1)) VIRTUAL,
  UNIQUE KEY users_email (email), KEY users_name (name(20) DESC, id), FULLTEXT KEY users_ft (email), KEY users_ignored (born) IGNORED,
  CONSTRAINT users_score CHECK (score <= 1000)
) COMMENT 'people';
CREATE TABLE posts (
  id bigint unsigned NOT NULL AUTO_INCREMENT, user_id bigint unsigned NOT NULL, slug varchar(100) NOT NULL, body mediumtext, digest binary(16),
  PRIMARY KEY (id, slug), KEY posts_by_user (user_id) COMMENT 'lookups',
  CONSTRAINT posts_user FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE ON UPDATE CASCADE
) ENGINE=MyISAM DEFAULT CHARSET=latin1 ROW_FORMAT=DYNAMIC;
CREATE TABLE node (id int PRIMARY KEY, parent_id int, CONSTRAINT node_parent FOREIGN KEY (parent_id) REFERENCES node (id));
CREATE TABLE t (c int);
CREATE TABLE k (code text NOT NULL, v int, PRIMARY KEY (code(32), v));
CREATE ALGORITHM=MERGE SQL SECURITY INVOKER VIEW active_users AS SELECT id, email FROM users WHERE active WITH LOCAL CHECK OPTION;
CREATE VIEW user_emails AS SELECT email FROM active_users;
CREATE TRIGGER users_lower BEFORE INSERT ON users FOR EACH ROW SET NEW.email = lower(NEW.email);
CREATE TRIGGER users_trim BEFORE INSERT ON users FOR EACH ROW FOLLOWS users_lower BEGIN SET NEW.name = trim(NEW.name); END;
`;

test('a rich MySQL schema written as DSL compiles back to the same schema', async () => {
  const source = await built(RICH);
  const target = await built('');
  const dir = mkdtempSync(join(tmpdir(), 'cairn-mysql-dsl-'));
  try {
    const ts = engine.generateDsl(source.realm);
    assert.match(ts, /from 'cairn-migrate\/dsl\/mysql'/);
    assert.match(ts, /bigint\(\)\.unsigned\(\)\.autoIncrement\(\)/);
    assert.match(ts, /mysqlEnum\(\["admin", "it's me", "a,b"\]\)/);
    const file = join(dir, 'schema.ts');
    writeFileSync(file, ts);
    const compiled = engine.compileDsl(await loadSchemaFile(file));
    await applyDdl(target.conn, compiled.statements.map((text) => ({ text, file })));
    assert.equal(canonicalJson(await engine.inspect(target.conn)), canonicalJson(source.realm));
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await source.close();
    await target.close();
  }
});
