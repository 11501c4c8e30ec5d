/**
 * The PostgreSQL lock rules' cases: a deployed history, a migration under review, and every
 * `CODE@line` the PostgreSQL rules must report on it (nothing else: `[]` means it lints clean).
 * Each rule has cases that flag, cases that must not (new tables, the lighter forms), and its
 * safe alternative, step by step as the fix describes it, which must lint clean.
 */
import type { Flag } from './postgres-locks-pass.js';

export interface LockCase {
  readonly name: string;
  /** Statements run before the file (added to BASE). */
  readonly history?: string;
  readonly file: string;
  readonly expect: readonly Flag[];
  /** Run on the PostgreSQL server only (PGlite lacks what it needs). */
  readonly serverOnly?: boolean;
}

/** What the deployed application has: tables with rows in production. */
export const BASE = `
CREATE TABLE orgs (id bigint PRIMARY KEY);
CREATE TABLE users (id bigint PRIMARY KEY, email varchar(100), name text, age int, org_id bigint, created_at timestamp(3));
CREATE INDEX users_name_idx ON users (name);
CREATE TABLE logs (id bigint NOT NULL, msg text);
CREATE TYPE mood AS ENUM ('happy', 'sad');
CREATE TABLE people (id int PRIMARY KEY, mood mood);
CREATE TABLE events (id bigint, at date) PARTITION BY RANGE (at);
CREATE TABLE events_2024 PARTITION OF events FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
CREATE TRIGGER users_touch BEFORE UPDATE ON users FOR EACH ROW EXECUTE FUNCTION touch();
`;

const NO_TX = '-- atlas:txmode none\n\n';
const TIMEOUT = "SET lock_timeout = '5s';\n";

export const CASES: readonly LockCase[] = [
  // PG101: CREATE INDEX without CONCURRENTLY; constraints that build an index.
  { name: 'PG101 plain CREATE INDEX on an existing table', file: 'CREATE INDEX users_email_idx ON users (email);', expect: ['PG101@1'] },
  { name: 'PG101 CREATE UNIQUE INDEX on an existing table', file: 'CREATE UNIQUE INDEX users_email_key ON users (email);', expect: ['PG101@1'] },
  { name: 'PG101 ADD UNIQUE constraint builds its index', file: TIMEOUT + 'ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE (email);', expect: ['PG101@2'] },
  { name: 'PG101 ADD PRIMARY KEY builds its index', file: TIMEOUT + 'ALTER TABLE logs ADD PRIMARY KEY (id);', expect: ['PG101@2'] },
  { name: 'PG101 an index on a partitioned table', file: 'CREATE INDEX events_at_idx ON events (at);', expect: ['PG101@1'] },
  { name: 'PG101 not on a table created in the same change', file: 'CREATE TABLE posts (id int, title text);\nCREATE INDEX posts_title_idx ON posts (title);\nALTER TABLE posts ADD PRIMARY KEY (id);', expect: [] },
  { name: 'PG101 safe: CREATE INDEX CONCURRENTLY in a txmode none file', file: NO_TX + 'CREATE INDEX CONCURRENTLY users_email_idx ON users (email);', expect: [] },
  { name: 'PG101 safe: unique index CONCURRENTLY first', file: NO_TX + 'CREATE UNIQUE INDEX CONCURRENTLY users_email_key ON users (email);', expect: [] },
  {
    name: 'PG101 safe: then the constraint USING INDEX',
    history: 'CREATE UNIQUE INDEX users_email_key ON users (email);',
    file: TIMEOUT + 'ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE USING INDEX users_email_key;',
    expect: [],
  },
  {
    name: 'PG101 safe: primary key USING INDEX on NOT NULL columns',
    history: 'CREATE UNIQUE INDEX logs_pkey ON logs (id);',
    file: TIMEOUT + 'ALTER TABLE logs ADD CONSTRAINT logs_pkey PRIMARY KEY USING INDEX logs_pkey;',
    expect: [],
  },
  { name: 'PG101 ON ONLY a plain table still builds the index', file: 'CREATE INDEX users_email_idx ON ONLY users (email);', expect: ['PG101@1'] },
  { name: 'PG101 safe (partitioned): ON ONLY the parent', file: 'CREATE INDEX events_at_idx ON ONLY events (at);', expect: [] },
  { name: 'PG101 safe (partitioned): CONCURRENTLY on the partition', history: 'CREATE INDEX events_at_idx ON ONLY events (at);', file: NO_TX + 'CREATE INDEX CONCURRENTLY events_2024_at_idx ON events_2024 (at);', expect: [] },
  {
    name: 'PG101 safe (partitioned): attach the partition\'s index',
    history: 'CREATE INDEX events_at_idx ON ONLY events (at);\nCREATE INDEX events_2024_at_idx ON events_2024 (at);',
    file: 'ALTER INDEX events_at_idx ATTACH PARTITION events_2024_at_idx;',
    expect: [],
  },

  { name: 'PG101 a primary key dropped and added back rebuilds its index', file: TIMEOUT + 'ALTER TABLE users DROP CONSTRAINT users_pkey, ADD PRIMARY KEY (id);', expect: ['PG101@2'] },
  { name: 'PG101 a unique constraint inline in ADD COLUMN', file: TIMEOUT + 'ALTER TABLE users ADD COLUMN handle text UNIQUE;', expect: ['PG101@2'] },

  // PG102: DROP INDEX without CONCURRENTLY.
  { name: 'PG102 plain DROP INDEX on an existing table', file: 'DROP INDEX users_name_idx;', expect: ['PG102@1', 'PG110@1'] },
  { name: 'PG102 with a lock_timeout it is still a PG102', file: TIMEOUT + 'DROP INDEX IF EXISTS users_name_idx;', expect: ['PG102@2'] },
  { name: 'PG102 an index of a partitioned table (no CONCURRENTLY there: reviewed with nolint)', history: 'CREATE INDEX events_at_idx ON events (at);', file: TIMEOUT + 'DROP INDEX events_at_idx;', expect: ['PG102@2'] },
  { name: 'PG102 not on a table created in the same change', file: 'CREATE TABLE posts (id int, title text);\nCREATE INDEX posts_title_idx ON posts (title);\nDROP INDEX posts_title_idx;', expect: [] },
  { name: 'PG102 safe: DROP INDEX CONCURRENTLY in a txmode none file', file: NO_TX + 'DROP INDEX CONCURRENTLY users_name_idx;', expect: [] },

  // PG103: foreign keys without NOT VALID.
  { name: 'PG103 ADD FOREIGN KEY on an existing table', file: 'ALTER TABLE users ADD CONSTRAINT users_org_fk FOREIGN KEY (org_id) REFERENCES orgs (id);', expect: ['PG103@1'] },
  { name: 'PG103 ADD COLUMN … REFERENCES on an existing table', file: TIMEOUT + 'ALTER TABLE users ADD COLUMN team_id bigint REFERENCES orgs (id);', expect: ['PG103@2'] },
  { name: 'PG103 not on a new table referencing an existing one', file: 'CREATE TABLE posts (id int, user_id bigint REFERENCES users (id));', expect: [] },
  { name: 'PG103 safe: NOT VALID first', file: 'ALTER TABLE users ADD CONSTRAINT users_org_fk FOREIGN KEY (org_id) REFERENCES orgs (id) NOT VALID;', expect: [] },
  {
    name: 'PG103 safe: VALIDATE in a later migration',
    history: 'ALTER TABLE users ADD CONSTRAINT users_org_fk FOREIGN KEY (org_id) REFERENCES orgs (id) NOT VALID;',
    file: 'ALTER TABLE users VALIDATE CONSTRAINT users_org_fk;',
    expect: [],
  },

  {
    name: 'PG103 a foreign key dropped and added back under another name is checked again',
    history: 'ALTER TABLE users ADD CONSTRAINT users_org_fk FOREIGN KEY (org_id) REFERENCES orgs (id);',
    file: TIMEOUT + 'ALTER TABLE users DROP CONSTRAINT users_org_fk, ADD CONSTRAINT users_org_fk2 FOREIGN KEY (org_id) REFERENCES orgs (id) ON DELETE NO ACTION;',
    expect: ['PG103@2'],
  },
  {
    name: 'PG103 a foreign key dropped and added back under its name is checked again',
    history: 'ALTER TABLE users ADD CONSTRAINT users_org_fk FOREIGN KEY (org_id) REFERENCES orgs (id);',
    file: TIMEOUT + 'ALTER TABLE users DROP CONSTRAINT users_org_fk, ADD CONSTRAINT users_org_fk FOREIGN KEY (org_id) REFERENCES orgs (id);',
    expect: ['PG103@2'],
  },
  {
    name: 'PG103 safe: dropped and added back NOT VALID',
    history: 'ALTER TABLE users ADD CONSTRAINT users_org_fk FOREIGN KEY (org_id) REFERENCES orgs (id);',
    file: TIMEOUT + 'ALTER TABLE users DROP CONSTRAINT users_org_fk, ADD CONSTRAINT users_org_fk2 FOREIGN KEY (org_id) REFERENCES orgs (id) NOT VALID;',
    expect: [],
  },

  // PG104: CHECK without NOT VALID.
  { name: 'PG104 ADD CHECK on an existing table', file: 'ALTER TABLE users ADD CONSTRAINT users_age_check CHECK (age >= 0);', expect: ['PG104@1', 'PG110@1'] },
  { name: 'PG104 ADD COLUMN with a CHECK on an existing table', file: TIMEOUT + 'ALTER TABLE users ADD COLUMN score int CHECK (score > 0);', expect: ['PG104@2'] },
  { name: 'PG104 not on a table created in the same change', file: 'CREATE TABLE posts (id int, n int);\nALTER TABLE posts ADD CONSTRAINT posts_n_check CHECK (n > 0);', expect: [] },
  { name: 'PG104 safe: NOT VALID with a lock_timeout', file: TIMEOUT + 'ALTER TABLE users ADD CONSTRAINT users_age_check CHECK (age >= 0) NOT VALID;', expect: [] },
  {
    name: 'PG104 safe: VALIDATE in a later migration',
    history: 'ALTER TABLE users ADD CONSTRAINT users_age_check CHECK (age >= 0) NOT VALID;',
    file: 'ALTER TABLE users VALIDATE CONSTRAINT users_age_check;',
    expect: [],
  },

  {
    name: 'PG104 a check dropped and added back is checked again',
    history: 'ALTER TABLE users ADD CONSTRAINT users_age_check CHECK (age >= 0);',
    file: TIMEOUT + 'ALTER TABLE users DROP CONSTRAINT users_age_check, ADD CONSTRAINT users_age_check CHECK (age >= 0);',
    expect: ['PG104@2'],
  },

  // PG105: ALTER COLUMN TYPE that rewrites.
  { name: 'PG105 int to bigint rewrites', file: TIMEOUT + 'ALTER TABLE users ALTER COLUMN age TYPE bigint;', expect: ['PG105@2'] },
  { name: 'PG105 narrowing varchar rewrites', file: TIMEOUT + 'ALTER TABLE users ALTER COLUMN email TYPE varchar(50);', expect: ['PG105@2'] },
  { name: 'PG105 text to varchar(n) rewrites', file: TIMEOUT + 'ALTER TABLE users ALTER COLUMN name TYPE varchar(20);', expect: ['PG105@2'] },
  { name: 'PG105 timestamp to timestamptz rewrites', file: TIMEOUT + 'ALTER TABLE users ALTER COLUMN created_at TYPE timestamptz(3);', expect: ['PG105@2'] },
  { name: 'PG105 one finding for a table rewritten for two columns', file: TIMEOUT + 'ALTER TABLE users ALTER COLUMN age TYPE bigint, ALTER COLUMN org_id TYPE int, ALTER COLUMN name TYPE varchar;', expect: ['PG105@2'] },
  { name: 'PG105 SET DATA TYPE with USING', file: TIMEOUT + 'ALTER TABLE users ALTER COLUMN name SET DATA TYPE jsonb USING to_jsonb(name);', expect: ['PG105@2'] },
  { name: 'PG105 not: a column dropped and added back with another type', file: TIMEOUT + 'ALTER TABLE users DROP COLUMN age, ADD COLUMN age text;', expect: [] },
  { name: 'PG106 not: a column dropped and added back NOT NULL', file: TIMEOUT + "ALTER TABLE users DROP COLUMN name, ADD COLUMN name text NOT NULL DEFAULT '';", expect: [] },
  { name: 'PG105 not: varchar widened', file: TIMEOUT + 'ALTER TABLE users ALTER COLUMN email TYPE varchar(200);', expect: [] },
  { name: 'PG105 not: varchar to text', file: TIMEOUT + 'ALTER TABLE users ALTER COLUMN email TYPE text;', expect: [] },
  { name: 'PG105 not: timestamp precision raised', file: TIMEOUT + 'ALTER TABLE users ALTER COLUMN created_at TYPE timestamp(6);', expect: [] },
  { name: 'PG105 not on a table created in the same change', file: 'CREATE TABLE posts (id int);\nALTER TABLE posts ALTER COLUMN id TYPE bigint;', expect: [] },
  { name: 'PG105 safe: add a new column of the new type', file: TIMEOUT + 'ALTER TABLE users ADD COLUMN age_big bigint;', expect: [] },

  // PG106: SET NOT NULL without a validated check.
  { name: 'PG106 SET NOT NULL on an existing table', file: 'ALTER TABLE users ALTER COLUMN email SET NOT NULL;', expect: ['PG106@1', 'PG110@1'] },
  {
    name: 'PG106 a NOT VALID check does not prove it',
    history: 'ALTER TABLE users ADD CONSTRAINT users_email_nn CHECK (email IS NOT NULL) NOT VALID;',
    file: TIMEOUT + 'ALTER TABLE users ALTER COLUMN email SET NOT NULL;',
    expect: ['PG106@2'],
  },
  {
    name: 'PG106 a check on another column does not prove it',
    history: 'ALTER TABLE users ADD CONSTRAINT users_name_nn CHECK (name IS NOT NULL);',
    file: TIMEOUT + 'ALTER TABLE users ALTER COLUMN email SET NOT NULL;',
    expect: ['PG106@2'],
  },
  { name: 'PG106 not on a table created in the same change', file: 'CREATE TABLE posts (id int, title text);\nALTER TABLE posts ALTER COLUMN title SET NOT NULL;', expect: [] },
  { name: 'PG106 safe step 1: the check NOT VALID', file: TIMEOUT + 'ALTER TABLE users ADD CONSTRAINT users_email_nn CHECK (email IS NOT NULL) NOT VALID;', expect: [] },
  {
    name: 'PG106 safe step 2: VALIDATE',
    history: 'ALTER TABLE users ADD CONSTRAINT users_email_nn CHECK (email IS NOT NULL) NOT VALID;',
    file: 'ALTER TABLE users VALIDATE CONSTRAINT users_email_nn;',
    expect: [],
  },
  {
    name: 'PG106 safe step 3: SET NOT NULL once the check is validated',
    history: 'ALTER TABLE users ADD CONSTRAINT users_email_nn CHECK (email IS NOT NULL) NOT VALID;\nALTER TABLE users VALIDATE CONSTRAINT users_email_nn;',
    file: TIMEOUT + 'ALTER TABLE users ALTER COLUMN email SET NOT NULL;',
    expect: [],
  },
  {
    name: 'PG106 safe: a validated check with more conditions proves it too',
    history: 'ALTER TABLE users ADD CONSTRAINT users_ok CHECK (age > 0 AND (email IS NOT NULL));',
    file: TIMEOUT + 'ALTER TABLE users ALTER COLUMN email SET NOT NULL;',
    expect: [],
  },

  // PG107: new columns that rewrite.
  { name: 'PG107 volatile default', file: TIMEOUT + 'ALTER TABLE users ADD COLUMN token uuid DEFAULT gen_random_uuid();', expect: ['PG107@2'] },
  { name: 'PG107 clock_timestamp() inside an expression', file: TIMEOUT + "ALTER TABLE users ADD COLUMN seen timestamptz DEFAULT (clock_timestamp() + interval '1 day');", expect: ['PG107@2'] },
  { name: 'PG107 serial column', file: TIMEOUT + 'ALTER TABLE users ADD COLUMN seq bigserial;', expect: ['PG107@2'] },
  { name: 'PG107 identity column', file: TIMEOUT + 'ALTER TABLE logs ADD COLUMN n int GENERATED ALWAYS AS IDENTITY;', expect: ['PG107@2'] },
  { name: 'PG107 stored generated column', file: TIMEOUT + 'ALTER TABLE users ADD COLUMN age2 int GENERATED ALWAYS AS (age * 2) STORED;', expect: ['PG107@2'] },
  {
    name: 'PG107 a volatile function of the migration\'s own',
    file: TIMEOUT + 'CREATE FUNCTION new_code() RETURNS text LANGUAGE sql AS $$ SELECT md5(random()::text) $$;\nALTER TABLE users ADD COLUMN code text DEFAULT new_code();',
    expect: ['PG107@3'],
  },
  {
    name: 'PG107 not: an immutable function of the migration\'s own',
    file: TIMEOUT + "CREATE FUNCTION fixed_code() RETURNS text LANGUAGE sql IMMUTABLE AS $$ SELECT 'x' $$;\nALTER TABLE users ADD COLUMN code text DEFAULT fixed_code();",
    expect: [],
  },
  { name: 'PG107 not: constant and stable defaults', file: TIMEOUT + "ALTER TABLE users ADD COLUMN active boolean NOT NULL DEFAULT true;\nALTER TABLE users ADD COLUMN seen timestamptz DEFAULT now();\nALTER TABLE users ADD COLUMN note text DEFAULT 'random()';", expect: [] },
  { name: 'PG107 not on a table created in the same change', file: 'CREATE TABLE posts (id int);\nALTER TABLE posts ADD COLUMN token uuid DEFAULT gen_random_uuid();', expect: [] },
  { name: 'PG107 safe: add without default, then SET DEFAULT', file: TIMEOUT + 'ALTER TABLE users ADD COLUMN token uuid;\nALTER TABLE users ALTER COLUMN token SET DEFAULT gen_random_uuid();', expect: [] },

  // PG108: CONCURRENTLY in a transaction, or mixed into a file that would have one.
  { name: 'PG108 CONCURRENTLY mixed into an unmarked file', file: 'ALTER TABLE users ADD COLUMN bio text;\nCREATE INDEX CONCURRENTLY users_email_idx ON users (email);', expect: ['PG108@2', 'PG110@1'] },
  { name: 'PG108 DROP INDEX CONCURRENTLY mixed in, even beside a new table', file: 'CREATE TABLE posts (id int);\nDROP INDEX CONCURRENTLY users_name_idx;', expect: ['PG108@2'] },
  { name: 'PG108 a statement the runner still wraps fails', file: 'ALTER TABLE events DETACH PARTITION events_2024 CONCURRENTLY;', expect: ['PG108@1'] },
  { name: 'PG108 between BEGIN and COMMIT of a txmode none file', file: NO_TX + 'BEGIN;\nCREATE INDEX CONCURRENTLY users_email_idx ON users (email);\nCOMMIT;', expect: ['PG108@4'] },
  { name: 'PG108 not: CONCURRENTLY alone in an unmarked file (the runner runs it unwrapped, as golang-migrate and goose directories expect)', file: 'CREATE INDEX CONCURRENTLY users_email_idx ON users (email);', expect: [] },
  { name: 'PG108 not: DROP INDEX CONCURRENTLY after a setting in an unmarked file', file: "SET lock_timeout = '5s';\nDROP INDEX CONCURRENTLY users_name_idx;", expect: [] },
  { name: 'PG108 safe: after COMMIT in a txmode none file', file: NO_TX + 'BEGIN;\nCOMMIT;\nCREATE INDEX CONCURRENTLY users_email_idx ON users (email);', expect: [] },
  { name: 'PG108 safe: txmode none file with several statements', file: NO_TX + 'CREATE INDEX CONCURRENTLY users_email_idx ON users (email);\nCREATE INDEX CONCURRENTLY users_age_idx ON users (age);', expect: [] },
  { name: 'PG109 not: the runner runs an unwrapped file statement by statement', file: "ALTER TYPE mood ADD VALUE 'meh';\nUPDATE people SET mood = 'meh' WHERE id = 1;\nCREATE INDEX CONCURRENTLY users_email_idx ON users (email);", expect: ['PG108@3'] },

  // PG109: a new enum value used in the same transaction.
  { name: 'PG109 new value used by an UPDATE', file: "ALTER TYPE mood ADD VALUE 'meh';\nUPDATE people SET mood = 'meh' WHERE id = 1;", expect: ['PG109@2'] },
  { name: 'PG109 new value cast', file: "ALTER TYPE mood ADD VALUE 'meh';\nSELECT 'meh'::mood;", expect: ['PG109@2'] },
  { name: 'PG109 new value used in a table created after it', file: "ALTER TYPE mood ADD VALUE 'meh';\nCREATE TABLE moods (id int, m mood);\nINSERT INTO moods VALUES (1, 'meh');", expect: ['PG109@3'] },
  { name: 'PG109 not: the same string elsewhere', file: "ALTER TYPE mood ADD VALUE 'meh';\nUPDATE users SET name = 'meh' WHERE id = 1;", expect: [] },
  { name: 'PG109 not: an old value', file: "ALTER TYPE mood ADD VALUE 'meh';\nUPDATE people SET mood = 'sad' WHERE id = 1;", expect: [] },
  { name: 'PG109 safe: txmode none, ADD VALUE commits first', file: NO_TX + "ALTER TYPE mood ADD VALUE 'meh';\nUPDATE people SET mood = 'meh' WHERE id = 1;", expect: [] },
  { name: 'PG109 safe: used in a later migration', history: "ALTER TYPE mood ADD VALUE 'meh';", file: "UPDATE people SET mood = 'meh' WHERE id = 1;", expect: [] },

  // PG110: no lock_timeout before ACCESS EXCLUSIVE.
  { name: 'PG110 ADD COLUMN without a lock_timeout', file: 'ALTER TABLE users ADD COLUMN bio text;', expect: ['PG110@1'] },
  { name: 'PG110 every statement until the timeout is set', file: "ALTER TABLE users ADD COLUMN bio text;\nSET lock_timeout = '2s';\nALTER TABLE users ADD COLUMN bio2 text;", expect: ['PG110@1'] },
  { name: 'PG110 lock_timeout 0 is no timeout', file: 'SET lock_timeout = 0;\nALTER TABLE users ADD COLUMN bio text;', expect: ['PG110@2'] },
  { name: 'PG110 RESET turns it off', file: TIMEOUT + 'RESET lock_timeout;\nALTER TABLE users ADD COLUMN bio text;', expect: ['PG110@3'] },
  { name: 'PG110 SET LOCAL outside a transaction does nothing', file: NO_TX + "SET LOCAL lock_timeout = '5s';\nALTER TABLE users ADD COLUMN bio text;", expect: ['PG110@4'] },
  { name: 'PG110 TRUNCATE, DROP TRIGGER, RENAME', file: "TRUNCATE users;\nDROP TRIGGER users_touch ON users;\nALTER TABLE users RENAME COLUMN name TO full_name;", expect: ['PG110@1', 'PG110@2', 'PG110@3'] },
  { name: 'PG110 a new partition locks its parent', file: "CREATE TABLE events_2025 PARTITION OF events FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');", expect: ['PG110@1'] },
  { name: 'PG110 not: SET LOCAL in a wrapped file', file: "SET LOCAL lock_timeout = '5s';\nALTER TABLE users ADD COLUMN bio text;", expect: [] },
  { name: 'PG110 not: set_config', file: "SELECT set_config('lock_timeout', '5s', false);\nALTER TABLE users ADD COLUMN bio text;", expect: [] },
  { name: 'PG110 not: lighter locks', file: 'ALTER TABLE users ALTER COLUMN name SET STATISTICS 500;\nALTER TABLE users DISABLE TRIGGER users_touch;\nCREATE TRIGGER users_touch2 BEFORE INSERT ON users FOR EACH ROW EXECUTE FUNCTION touch();\nCOMMENT ON TABLE users IS \'people\';', expect: [] },
  { name: 'PG110 not: a new table renamed, altered and dropped', file: 'CREATE TABLE posts (id int);\nALTER TABLE posts RENAME TO articles;\nALTER TABLE articles ADD COLUMN title text;\nDROP TABLE articles;', expect: [] },
  { name: 'PG110 an existing table stays existing once renamed', file: 'ALTER TABLE orgs RENAME TO teams;\nALTER TABLE teams ADD COLUMN name text;\nDROP TABLE teams;', expect: ['PG110@1', 'PG110@2', 'PG110@3'] },
  { name: 'PG110 DROP CONSTRAINT of a foreign key locks the referenced table too', history: 'ALTER TABLE users ADD CONSTRAINT users_org_fk FOREIGN KEY (org_id) REFERENCES orgs (id);', file: "CREATE TABLE posts (id int);\nALTER TABLE users DROP CONSTRAINT users_org_fk;", expect: ['PG110@2'] },
  { name: 'PG110 not on a table created in the same change', file: 'CREATE TABLE posts (id int);\nALTER TABLE posts ADD COLUMN title text;\nDROP TABLE posts;', expect: [] },
  { name: 'PG110 safe: SET lock_timeout first', file: TIMEOUT + 'ALTER TABLE users ADD COLUMN bio text;', expect: [] },
];
