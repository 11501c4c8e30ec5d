/** The DSL: immutable builders, compiled DDL, rename hints. Pure (no database). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bigint, bigserial, check, compileSchema, enumType, fn, foreignKey, index, integer, policy, sql, table, text, timestamptz, trigger, unique, varchar, view } from '../../src/dsl/index.js';
import { quoteIdent } from '../../src/dialects/postgres/dialect.js';

const mood = enumType('mood', ['sad', 'ok']);
const users = table('users', {
  id: bigserial().primaryKey(),
  email: text().notNull().unique(),
  full_name: varchar(100).renamedFrom('name'),
  mood: mood.column().default('ok'),
  created_at: timestamptz().notNull().default(sql`now()`),
}, (t) => [index('users_lower_email').on(sql`lower(email)`).unique(), check('email_at', sql`position('@' in email) > 0`)], { comment: 'people' });
const posts = table('posts', {
  id: bigserial().primaryKey(),
  user_id: bigint().notNull().references(() => users.c.id, { onDelete: 'CASCADE' }),
  rank: integer(),
}, (t) => [index().on(t.user_id, { key: t.rank, desc: true, nulls: 'last' }), unique('posts_rank').on(t.user_id, t.rank).nullsNotDistinct(),
  foreignKey('posts_self').columns(t.rank).references(() => [users.c.id]).onUpdate('RESTRICT')], { schema: 'app', renamedFrom: 'articles' });

test('builders are immutable: each call returns a new frozen builder', () => {
  const a = text();
  const b = a.notNull();
  assert.notEqual(a, b);
  assert.equal(a.state.notNull, false);
  assert.equal(b.state.notNull, true);
  assert.ok(Object.isFrozen(a) && Object.isFrozen(b.state) && Object.isFrozen(users));
});

test('compileSchema writes DDL in dependency order with the rename hints', () => {
  const c = compileSchema([posts, view('emails', 'SELECT email FROM users'), users, mood,
    fn('CREATE FUNCTION f() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$'),
    trigger('CREATE TRIGGER t BEFORE INSERT ON users FOR EACH ROW EXECUTE FUNCTION f()')], quoteIdent);
  const s = c.statements;
  const at = (re: RegExp) => s.findIndex((x) => re.test(x));
  assert.ok(at(/^CREATE SCHEMA IF NOT EXISTS "app"/) < at(/^CREATE TYPE "public"\."mood"/));
  assert.ok(at(/^CREATE TYPE/) < at(/^CREATE FUNCTION/) && at(/^CREATE FUNCTION/) < at(/^CREATE TABLE "public"\."users"/));
  assert.ok(at(/^CREATE TABLE "app"\."posts"/) < at(/FOREIGN KEY \("user_id"\) REFERENCES "public"\."users" \("id"\) ON DELETE CASCADE/));
  assert.ok(at(/^CREATE VIEW/) > at(/^CREATE TABLE "public"\."users"/) && at(/^CREATE TRIGGER/) > at(/^CREATE VIEW/));
  assert.match(s[at(/^CREATE TABLE "public"\."users"/)], /"email" text NOT NULL UNIQUE,\n {2}"full_name" character varying\(100\),\n {2}"mood" "public"\."mood" DEFAULT 'ok'/);
  assert.ok(s.includes('CREATE UNIQUE INDEX "users_lower_email" ON "public"."users" ((lower(email)))'));
  assert.ok(s.includes('CREATE INDEX ON "app"."posts" ("user_id", "rank" DESC NULLS LAST)'));
  assert.ok(s.includes(`COMMENT ON TABLE "public"."users" IS 'people'`));
  assert.deepEqual(c.renames, [
    { schema: 'app', from: 'articles', to: 'posts' },
    { schema: 'public', table: 'users', from: 'name', to: 'full_name' },
  ]);
});

test('policies and row-level security compile after the tables, functions and views they read', () => {
  const notes = table('notes', { owner: text().notNull(), body: text() }, () => [
    policy('own').to('app_user', 'public').using(sql`owner = current_user AND visible(body)`).comment('mine'),
    policy('insert_own').for('INSERT').restrictive().withCheck('owner = current_user').renamedFrom('ins'),
    policy('everyone').for('SELECT').to('current_user').using(sql`true`),
  ], { rls: true, forceRls: true });
  const c = compileSchema([notes, view('mine', 'SELECT * FROM notes'), fn('CREATE FUNCTION visible(t text) RETURNS boolean LANGUAGE sql AS $$ SELECT true $$')], quoteIdent);
  const s = c.statements;
  const at = (x: string) => s.indexOf(x);
  assert.ok(at('ALTER TABLE "public"."notes" ENABLE ROW LEVEL SECURITY') > s.findIndex((x) => x.startsWith('CREATE TABLE "public"."notes"')));
  assert.ok(at('ALTER TABLE "public"."notes" FORCE ROW LEVEL SECURITY') > 0);
  const own = 'CREATE POLICY "own" ON "public"."notes" AS PERMISSIVE FOR ALL TO "app_user", PUBLIC USING (owner = current_user AND visible(body))';
  assert.ok(at(own) > s.findIndex((x) => x.startsWith('CREATE VIEW')) && at(own) > s.findIndex((x) => x.startsWith('CREATE FUNCTION')));
  assert.ok(s.includes('CREATE POLICY "insert_own" ON "public"."notes" AS RESTRICTIVE FOR INSERT TO PUBLIC WITH CHECK (owner = current_user)'));
  assert.ok(s.includes('CREATE POLICY "everyone" ON "public"."notes" AS PERMISSIVE FOR SELECT TO CURRENT_USER USING (true)'));
  assert.ok(s.includes(`COMMENT ON POLICY "own" ON "public"."notes" IS 'mine'`));
  assert.deepEqual(c.renames, [{ schema: 'public', table: 'notes', from: 'ins', to: 'insert_own' }]);
  assert.ok(Object.isFrozen(notes.extras[0]) && Object.isFrozen(notes.extras[0].state));
});
