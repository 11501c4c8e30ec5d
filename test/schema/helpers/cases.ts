/**
 * The convergence case table: each case is a `from` and a `to` schema (SQL run with the case's
 * own schema first on the search_path) and the hints the diff needs. `S` in a rename hint is
 * replaced by the case's schema name. The runner (cases-run.ts) checks for each case:
 * plan up → inspect equals `to` → diff again is empty → plan down → inspect equals `from`.
 */
export interface SchemaCase {
  readonly name: string;
  readonly from: string;
  readonly to: string;
  readonly renames?: readonly string[];
}

const users = `CREATE TABLE users (id bigserial PRIMARY KEY, email text NOT NULL, name text, age int);`;
const posts = `${users} CREATE TABLE posts (id serial PRIMARY KEY, user_id bigint REFERENCES users (id), title text NOT NULL, body text);`;
const fn = `CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.name := lower(NEW.name); RETURN NEW; END $$;`;
const mood = `CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');`;

const c = (name: string, from: string, to: string, renames?: string[]): SchemaCase => ({ name, from, to, renames });
/** both is a case and its mirror: `a` to `b`, and `b` to `a` (each also checked back down). */
const both = (name: string, a: string, b: string): SchemaCase[] => [c(`${name}`, a, b), c(`${name} (reversed)`, b, a)];
const NOT_VALID_CHECK = "ALTER DOMAIN email ADD CONSTRAINT email_at CHECK (VALUE LIKE '%@%') NOT VALID;";

// Roles are cluster-wide: created if missing (tolerating a concurrent run), never dropped.
const role = (name: string) => `DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '${name}') THEN CREATE ROLE ${name} NOLOGIN; END IF;
  EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;`;
const roles = role('cairn_rls_reader') + role('cairn_rls_writer');
const rlsTable = 'CREATE TABLE t (a int, b text); ALTER TABLE t ENABLE ROW LEVEL SECURITY;';
const isOk = 'CREATE FUNCTION is_ok(x int) RETURNS boolean LANGUAGE sql STABLE AS $$ SELECT x > 0 $$;';

// Declarative partitioning: a range-partitioned table and some of its partitions.
const ev = `CREATE TABLE ev (id bigserial, at date NOT NULL, kind text DEFAULT 'x', uid bigint, PRIMARY KEY (id, at)) PARTITION BY RANGE (at);`;
const ev24 = `CREATE TABLE ev_2024 PARTITION OF ev FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');`;
const ev25 = `CREATE TABLE ev_2025 PARTITION OF ev FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');`;
const evs = ev + ev24 + ev25;
// ev_2025 as the plain table DETACH leaves (its key named as PostgreSQL names a partition's), a default partition, another parent.
const plain25 = `CREATE TABLE ev_2025 (id bigint NOT NULL DEFAULT nextval('ev_id_seq'), at date NOT NULL, kind text DEFAULT 'x', uid bigint, CONSTRAINT ev_2025_pkey PRIMARY KEY (id, at));`;
const evOther = 'CREATE TABLE ev_other PARTITION OF ev DEFAULT;';
const ev2 = 'CREATE TABLE ev2 (id bigint NOT NULL, at date NOT NULL, kind text, uid bigint) PARTITION BY RANGE (at);';
const touchKind = `CREATE FUNCTION touch_kind() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.kind := lower(NEW.kind); RETURN NEW; END $$;`;
const sub = `CREATE TABLE s (a int, d date, k text) PARTITION BY RANGE (d);
  CREATE TABLE s1 PARTITION OF s FOR VALUES FROM ('2024-01-01') TO ('2025-01-01') PARTITION BY LIST (k);
  CREATE TABLE s1a PARTITION OF s1 FOR VALUES IN ('a', 'b'); CREATE TABLE s1z PARTITION OF s1 DEFAULT;`;

// A table other tables point at (r: a composite key with ON DELETE, s: a NOT VALID key with a comment), plain and partitioned.
const refT = 'CREATE TABLE t (id int, at date NOT NULL, k text, PRIMARY KEY (id, at));';
const refTParted = `CREATE TABLE t (id int, at date NOT NULL, k text, PRIMARY KEY (id, at)) PARTITION BY RANGE (at);
  CREATE TABLE t_old PARTITION OF t FOR VALUES FROM (MINVALUE) TO ('2025-01-01'); CREATE TABLE t_new PARTITION OF t DEFAULT;`;
const refR = 'CREATE TABLE r (id int, at date, note text, CONSTRAINT r_t FOREIGN KEY (id, at) REFERENCES t (id, at) ON DELETE CASCADE);';
const refS = "CREATE TABLE s (id int, at date, CONSTRAINT s_t FOREIGN KEY (id, at) REFERENCES t (id, at) NOT VALID); COMMENT ON CONSTRAINT s_t ON s IS 'points at t';";

// Collations, aggregates and text search configurations.
const ci = "CREATE COLLATION ci (provider = icu, locale = 'und-u-ks-level2', deterministic = false);";
const cLib = "CREATE COLLATION c_lib (provider = libc, locale = 'C');";
const firstAgg = `CREATE FUNCTION first_agg(anyelement, anyelement) RETURNS anyelement LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$ SELECT $1 $$;
  CREATE AGGREGATE first(anyelement) (SFUNC = first_agg, STYPE = anyelement, PARALLEL = safe);`;
const toNum = 'CREATE FUNCTION to_num(bigint) RETURNS numeric LANGUAGE sql IMMUTABLE AS $$ SELECT $1::numeric $$;';
const items = 'CREATE TABLE items (id int, grp int, name text);';
const usimple = 'CREATE TEXT SEARCH CONFIGURATION usimple (COPY = simple);';
const docs = "CREATE TABLE docs (id int, body text, tsv tsvector GENERATED ALWAYS AS (to_tsvector('usimple', body)) STORED); CREATE INDEX docs_fts ON docs USING gin (to_tsvector('usimple', body));";

// Plain inheritance: a parent, a child with only its own columns, and the same child declaring the
// parent's columns and check too (what ALTER TABLE ... INHERIT needs, and leaves).
const cities = 'CREATE TABLE cities (name text NOT NULL, population int CHECK (population >= 0));';
const capitals = 'CREATE TABLE capitals (state char(2)) INHERITS (cities);';
const capitalsOwn = 'CREATE TABLE capitals (name text NOT NULL, population int, state char(2), CONSTRAINT cities_population_check CHECK (population >= 0));';
const hierarchy = `CREATE TABLE things (id int NOT NULL, label text); CREATE TABLE tools (weight int) INHERITS (things);
  CREATE TABLE hammers (head text) INHERITS (tools); CREATE TABLE priced (price numeric(10,2), label text);
  CREATE TABLE products (sku text, label text DEFAULT 'x') INHERITS (things, priced);`;

export const CASES: readonly SchemaCase[] = [
  // tables
  c('add table', '', users),
  c('drop table', users, ''),
  c('rename table', users, users.replace('users', 'people'), ['S.users=people']),
  c('rename table referenced by a foreign key', posts, posts.replace(/users/g, 'members'), ['S.users=members']),
  c('add table with foreign key', users, posts),
  c('drop table with foreign key', posts, users),
  c('add unlogged table', '', 'CREATE UNLOGGED TABLE t (a int);'),
  c('add table with storage options', '', 'CREATE TABLE t (a int) WITH (fillfactor = 70);'),
  c('make table unlogged and change storage options', 'CREATE TABLE t (a int) WITH (fillfactor = 70, autovacuum_enabled = false);', 'CREATE UNLOGGED TABLE t (a int) WITH (fillfactor = 80, toast_tuple_target = 256);'),
  c('add table with quoted names', '', 'CREATE TABLE "Mixed Case" ("Id" int PRIMARY KEY, "select" text);'),
  c('add self-referencing table', '', 'CREATE TABLE tree (id int PRIMARY KEY, parent int REFERENCES tree (id));'),
  // columns
  c('add nullable column', users, users.replace('age int', 'age int, bio text')),
  c('add not-null column with default', users, users.replace('age int', "age int, status text NOT NULL DEFAULT 'new'")),
  c('drop column', users, users.replace(', age int', '')),
  c('rename column', users, users.replace('name text', 'full_name text'), ['S.users.name=full_name']),
  c('rename serial column', users, users.replace('id bigserial', 'uid bigserial'), ['S.users.id=uid']),
  c('change int to bigint', users, users.replace('age int', 'age bigint')),
  c('change text to varchar', users, users.replace('name text', 'name varchar(100)')),
  c('widen varchar', 'CREATE TABLE t (a varchar(10));', 'CREATE TABLE t (a varchar(50));'),
  c('change numeric precision', 'CREATE TABLE t (a numeric(10,2));', 'CREATE TABLE t (a numeric(12,4));'),
  c('change timestamp to timestamptz', 'CREATE TABLE t (a timestamp DEFAULT now());', 'CREATE TABLE t (a timestamptz DEFAULT now());'),
  c('change json to jsonb', 'CREATE TABLE t (a json);', 'CREATE TABLE t (a jsonb);'),
  c('change int to text with default', 'CREATE TABLE t (a int DEFAULT 0);', "CREATE TABLE t (a text DEFAULT '0');"),
  c('set not null', users, users.replace('name text', 'name text NOT NULL')),
  c('drop not null', users, users.replace('email text NOT NULL', 'email text')),
  c('set default', users, users.replace('age int', 'age int DEFAULT 18')),
  c('drop default', 'CREATE TABLE t (a int DEFAULT 1);', 'CREATE TABLE t (a int);'),
  c('change default', 'CREATE TABLE t (a int DEFAULT 1);', 'CREATE TABLE t (a int DEFAULT 2);'),
  c('add identity', 'CREATE TABLE t (a int NOT NULL);', 'CREATE TABLE t (a int GENERATED BY DEFAULT AS IDENTITY);'),
  c('drop identity', 'CREATE TABLE t (a int GENERATED ALWAYS AS IDENTITY);', 'CREATE TABLE t (a int NOT NULL);'),
  c('change identity kind', 'CREATE TABLE t (a int GENERATED ALWAYS AS IDENTITY);', 'CREATE TABLE t (a int GENERATED BY DEFAULT AS IDENTITY);'),
  c('make column serial', 'CREATE TABLE t (a int NOT NULL);', 'CREATE TABLE t (a serial);'),
  c('make column not serial', 'CREATE TABLE t (a serial);', 'CREATE TABLE t (a int NOT NULL);'),
  c('identity with sequence options', '', 'CREATE TABLE t (a bigint GENERATED ALWAYS AS IDENTITY (START WITH 100 INCREMENT BY 10 CACHE 5), b smallint GENERATED BY DEFAULT AS IDENTITY (MAXVALUE 1000 CYCLE));'),
  c('change identity options', 'CREATE TABLE t (a int GENERATED ALWAYS AS IDENTITY (START WITH 100 MINVALUE 50));', 'CREATE TABLE t (a int GENERATED ALWAYS AS IDENTITY (INCREMENT BY 3 MAXVALUE 99999));'),
  c('add exclusion constraint', 'CREATE TABLE booking (room int, during tsrange);', 'CREATE TABLE booking (room int, during tsrange, CONSTRAINT no_overlap EXCLUDE USING gist (during WITH &&) WHERE (room IS NOT NULL));'),
  c('drop exclusion constraint', 'CREATE TABLE booking (during tsrange, EXCLUDE USING gist (during WITH &&));', 'CREATE TABLE booking (during tsrange);'),
  c('change collation', 'CREATE TABLE t (a text);', 'CREATE TABLE t (a text COLLATE "C");'),
  c('add generated column', 'CREATE TABLE t (a int);', 'CREATE TABLE t (a int, b int GENERATED ALWAYS AS (a * 2) STORED);'),
  c('change generated expression', 'CREATE TABLE t (a int, b int GENERATED ALWAYS AS (a * 2) STORED);', 'CREATE TABLE t (a int, b int GENERATED ALWAYS AS (a * 3) STORED);'),
  c('add array column', 'CREATE TABLE t (a int);', 'CREATE TABLE t (a int, tags text[] NOT NULL DEFAULT \'{}\');'),
  c('add uuid column with function default', 'CREATE TABLE t (a int);', 'CREATE TABLE t (a int, u uuid DEFAULT gen_random_uuid());'),
  c('all built-in types', '', `CREATE TABLE t (a smallint, b integer, c bigint, d real, e double precision, f numeric, g money, h char(3), i varchar, j text, k bytea,
    l timestamp(3), m timestamptz, n date, o time, p timetz, q interval day, r boolean, s point, t_ line, u lseg, v box, w path, x polygon, y circle,
    z cidr, aa inet, ab macaddr, ac macaddr8, ad bit(4), ae varbit(8), af tsvector, ag tsquery, ah uuid, ai xml, aj json, ak jsonb, al int4range,
    am tstzrange, an oid, ao int[][], ap pg_lsn, aq int4multirange)`),
  // primary keys
  c('add primary key', 'CREATE TABLE t (a int NOT NULL);', 'CREATE TABLE t (a int PRIMARY KEY);'),
  c('drop primary key', 'CREATE TABLE t (a int PRIMARY KEY);', 'CREATE TABLE t (a int NOT NULL);'),
  c('change primary key columns', 'CREATE TABLE t (a int, b int, PRIMARY KEY (a));', 'CREATE TABLE t (a int, b int, PRIMARY KEY (a, b));'),
  c('rename primary key', 'CREATE TABLE t (a int CONSTRAINT t_pkey PRIMARY KEY);', 'CREATE TABLE t (a int CONSTRAINT t_pk PRIMARY KEY);'),
  c('deferrable primary key', '', 'CREATE TABLE t (a int PRIMARY KEY DEFERRABLE INITIALLY DEFERRED);'),
  // unique constraints
  c('add unique', users, users.replace('email text NOT NULL', 'email text NOT NULL UNIQUE')),
  c('drop unique', 'CREATE TABLE t (a int UNIQUE);', 'CREATE TABLE t (a int);'),
  c('change unique columns', 'CREATE TABLE t (a int, b int, CONSTRAINT u UNIQUE (a));', 'CREATE TABLE t (a int, b int, CONSTRAINT u UNIQUE (a, b));'),
  c('unique nulls not distinct', 'CREATE TABLE t (a int, CONSTRAINT u UNIQUE (a));', 'CREATE TABLE t (a int, CONSTRAINT u UNIQUE NULLS NOT DISTINCT (a));'),
  c('deferrable unique', 'CREATE TABLE t (a int, CONSTRAINT u UNIQUE (a));', 'CREATE TABLE t (a int, CONSTRAINT u UNIQUE (a) DEFERRABLE);'),
  c('keys with INCLUDE columns', 'CREATE TABLE t (a int, b int, c int);', 'CREATE TABLE t (a int, b int, c int, PRIMARY KEY (a) INCLUDE (b), CONSTRAINT u UNIQUE (b) INCLUDE (c, a));'),
  c('rename unique', 'CREATE TABLE t (a int, CONSTRAINT u1 UNIQUE (a));', 'CREATE TABLE t (a int, CONSTRAINT u2 UNIQUE (a));', ['S.t.u1=u2']),
  // checks
  c('add check', users, users.replace('age int', 'age int CHECK (age >= 0)')),
  c('drop check', 'CREATE TABLE t (a int CHECK (a > 0));', 'CREATE TABLE t (a int);'),
  c('modify check', 'CREATE TABLE t (a int CONSTRAINT pos CHECK (a > 0));', 'CREATE TABLE t (a int CONSTRAINT pos CHECK (a > 1));'),
  c('rename check', 'CREATE TABLE t (a int CONSTRAINT c1 CHECK (a > 0));', 'CREATE TABLE t (a int CONSTRAINT c2 CHECK (a > 0));', ['S.t.c1=c2']),
  c('not valid check', 'CREATE TABLE t (a int);', 'CREATE TABLE t (a int); ALTER TABLE t ADD CONSTRAINT pos CHECK (a > 0) NOT VALID;'),
  c('multi-column check', '', 'CREATE TABLE t (a int, b int, CHECK (a < b), CHECK (a IS NOT NULL OR b IS NOT NULL));'),
  // foreign keys
  c('add foreign key', posts.replace(' REFERENCES users (id)', ''), posts),
  c('drop foreign key', posts, posts.replace(' REFERENCES users (id)', '')),
  c('change foreign key actions', posts, posts.replace('REFERENCES users (id)', 'REFERENCES users (id) ON DELETE CASCADE ON UPDATE SET NULL')),
  c('deferrable foreign key', posts, posts.replace('REFERENCES users (id)', 'REFERENCES users (id) DEFERRABLE INITIALLY DEFERRED')),
  c('composite foreign key with match full', 'CREATE TABLE p (a int, b int, PRIMARY KEY (a, b)); CREATE TABLE ch (a int, b int);',
    'CREATE TABLE p (a int, b int, PRIMARY KEY (a, b)); CREATE TABLE ch (a int, b int, FOREIGN KEY (a, b) REFERENCES p (a, b) MATCH FULL);'),
  c('not valid foreign key', posts.replace(' REFERENCES users (id)', ''), posts.replace(' REFERENCES users (id)', '') + ' ALTER TABLE posts ADD CONSTRAINT fk FOREIGN KEY (user_id) REFERENCES users (id) NOT VALID;'),
  c('foreign key to a unique column', users.replace('email text NOT NULL', 'email text NOT NULL UNIQUE'),
    users.replace('email text NOT NULL', 'email text NOT NULL UNIQUE') + ' CREATE TABLE logins (email text REFERENCES users (email) ON DELETE SET DEFAULT);'),
  // indexes
  c('add index', users, users + ' CREATE INDEX users_email_idx ON users (email);'),
  c('drop index', users + ' CREATE INDEX users_email_idx ON users (email);', users),
  c('add unique index', users, users + ' CREATE UNIQUE INDEX ON users (lower(email));'),
  c('add partial index', users, users + ' CREATE INDEX adults ON users (age) WHERE age >= 18;'),
  c('add multi-column desc index', users, users + ' CREATE INDEX ix ON users (age DESC NULLS LAST, name NULLS FIRST);'),
  c('add gin index with opclass', 'CREATE TABLE t (a jsonb, b text);', 'CREATE TABLE t (a jsonb, b text); CREATE INDEX ix ON t USING gin (a jsonb_path_ops); CREATE INDEX ix2 ON t (b text_pattern_ops);'),
  c('add hash and brin indexes', 'CREATE TABLE t (a int, b timestamptz);', 'CREATE TABLE t (a int, b timestamptz); CREATE INDEX h ON t USING hash (a); CREATE INDEX b ON t USING brin (b);'),
  c('add covering index', users, users + ' CREATE INDEX ix ON users (email) INCLUDE (name, age);'),
  c('add nulls not distinct index', users, users + ' CREATE UNIQUE INDEX ix ON users (name) NULLS NOT DISTINCT;'),
  c('add index with storage options', users, users + ' CREATE INDEX ix ON users (age) WITH (fillfactor = 50);'),
  c('modify index columns', users + ' CREATE INDEX ix ON users (email);', users + ' CREATE INDEX ix ON users (email, name);'),
  c('modify index to unique', users + ' CREATE INDEX ix ON users (email);', users + ' CREATE UNIQUE INDEX ix ON users (email);'),
  c('rename index', users + ' CREATE INDEX ix1 ON users (email);', users + ' CREATE INDEX ix2 ON users (email);', ['S.ix1=ix2']),
  c('rename column used by an index', users + ' CREATE INDEX ix ON users (name);', users.replace('name text', 'nick text') + ' CREATE INDEX ix ON users (nick);', ['S.users.name=nick']),
  // enums
  c('add enum', '', mood),
  c('drop enum', mood, ''),
  c('rename enum', mood, mood.replace('mood', 'feeling'), ['S.mood=feeling']),
  c('add enum value last', mood, mood.replace("'happy'", "'happy', 'ecstatic'")),
  c('add enum value in the middle', mood, mood.replace("'ok'", "'meh', 'ok'")),
  c('add two enum values', mood, mood.replace("('sad'", "('awful', 'sad'").replace("'happy'", "'happy', 'great'")),
  c('remove enum value used by a column', mood + " CREATE TABLE t (m mood DEFAULT 'ok', ms mood[]);", mood.replace("'sad', ", '') + " CREATE TABLE t (m mood DEFAULT 'ok', ms mood[]);"),
  c('reorder enum values', mood, mood.replace("'sad', 'ok'", "'ok', 'sad'")),
  c('add enum and column using it', users, mood + users.replace('age int', "age int, m mood NOT NULL DEFAULT 'ok'")),
  c('change column to enum', "CREATE TABLE t (m text);", mood + ' CREATE TABLE t (m mood);'),
  // domains
  c('add domain', '', 'CREATE DOMAIN pos AS int CHECK (VALUE > 0); CREATE TABLE t (a pos);'),
  c('drop domain', 'CREATE DOMAIN pos AS int;', ''),
  c('modify domain default and not null', 'CREATE DOMAIN d AS text;', "CREATE DOMAIN d AS text DEFAULT 'x' NOT NULL;"),
  c('modify domain checks', 'CREATE DOMAIN d AS int CONSTRAINT a CHECK (VALUE > 0);', 'CREATE DOMAIN d AS int CONSTRAINT b CHECK (VALUE < 100);'),
  // dependencies that run through defaults, domain checks and row types
  c("default taking another table's serial sequence", '', "CREATE TABLE person (id serial PRIMARY KEY); CREATE TABLE archived_person (id integer NOT NULL DEFAULT nextval('person_id_seq'));"),
  c("drop tables whose default takes another table's serial sequence", "CREATE TABLE person (id serial PRIMARY KEY); CREATE TABLE archived_person (id integer NOT NULL DEFAULT nextval('person_id_seq'));", ''),
  c('domain check calling a user function', '', "CREATE FUNCTION is_slug(t text) RETURNS boolean LANGUAGE sql IMMUTABLE AS $$ SELECT t ~ '^[a-z0-9-]+$' $$; CREATE DOMAIN slug AS text CHECK (is_slug(VALUE)); CREATE TABLE page (s slug);"),
  c('drop a domain whose check calls a user function', "CREATE FUNCTION is_slug(t text) RETURNS boolean LANGUAGE sql IMMUTABLE AS $$ SELECT t ~ '^[a-z0-9-]+$' $$; CREATE DOMAIN slug AS text CHECK (is_slug(VALUE)); CREATE TABLE page (s slug);", ''),
  c("composite type with a table's row type", '', 'CREATE TABLE item (id int PRIMARY KEY); CREATE TYPE item_with_note AS (item item, note text);'),
  c("drop a composite type with a table's row type", 'CREATE TABLE item (id int PRIMARY KEY); CREATE TYPE item_with_note AS (item item, note text);', ''),
  c("function returning a view's rows", '', 'CREATE TABLE item (id int PRIMARY KEY); CREATE VIEW item_v AS SELECT id FROM item; CREATE FUNCTION get_items() RETURNS SETOF item_v LANGUAGE sql STABLE AS $$ SELECT * FROM item_v $$;'),
  c("drop a function returning a view's rows", 'CREATE TABLE item (id int PRIMARY KEY); CREATE VIEW item_v AS SELECT id FROM item; CREATE FUNCTION get_items() RETURNS SETOF item_v LANGUAGE sql STABLE AS $$ SELECT * FROM item_v $$;', ''),
  // triggers on views (INSTEAD OF)
  c('add an INSTEAD OF trigger to a view', 'CREATE TABLE item (id int PRIMARY KEY, name text); CREATE VIEW item_v AS SELECT id, name FROM item; CREATE FUNCTION item_v_ins() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN INSERT INTO item VALUES (NEW.id, NEW.name); RETURN NEW; END $$;', 'CREATE TABLE item (id int PRIMARY KEY, name text); CREATE VIEW item_v AS SELECT id, name FROM item; CREATE FUNCTION item_v_ins() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN INSERT INTO item VALUES (NEW.id, NEW.name); RETURN NEW; END $$; CREATE TRIGGER item_v_ins INSTEAD OF INSERT ON item_v FOR EACH ROW EXECUTE FUNCTION item_v_ins();'),
  c('add a view with an INSTEAD OF trigger', '', 'CREATE TABLE item (id int PRIMARY KEY, name text); CREATE VIEW item_v AS SELECT id, name FROM item; CREATE FUNCTION item_v_ins() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN INSERT INTO item VALUES (NEW.id, NEW.name); RETURN NEW; END $$; CREATE TRIGGER item_v_ins INSTEAD OF INSERT ON item_v FOR EACH ROW EXECUTE FUNCTION item_v_ins();'),
  c('drop a view with an INSTEAD OF trigger', 'CREATE TABLE item (id int PRIMARY KEY, name text); CREATE VIEW item_v AS SELECT id, name FROM item; CREATE FUNCTION item_v_ins() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN INSERT INTO item VALUES (NEW.id, NEW.name); RETURN NEW; END $$; CREATE TRIGGER item_v_ins INSTEAD OF INSERT ON item_v FOR EACH ROW EXECUTE FUNCTION item_v_ins();', 'CREATE TABLE item (id int PRIMARY KEY, name text);'),
  c('a view with a trigger is rebuilt when a column it reads changes', 'CREATE TABLE item (id int PRIMARY KEY, name text); CREATE VIEW item_v AS SELECT id, name FROM item; CREATE FUNCTION item_v_ins() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN INSERT INTO item VALUES (NEW.id, NEW.name); RETURN NEW; END $$; CREATE TRIGGER item_v_ins INSTEAD OF INSERT ON item_v FOR EACH ROW EXECUTE FUNCTION item_v_ins();', 'CREATE TABLE item (id int PRIMARY KEY, name varchar(50)); CREATE VIEW item_v AS SELECT id, name FROM item; CREATE FUNCTION item_v_ins() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN INSERT INTO item VALUES (NEW.id, NEW.name); RETURN NEW; END $$; CREATE TRIGGER item_v_ins INSTEAD OF INSERT ON item_v FOR EACH ROW EXECUTE FUNCTION item_v_ins();'),
  // trigger firing modes (ALTER TABLE ... DISABLE / ENABLE REPLICA / ENABLE ALWAYS TRIGGER)
  c('disable a trigger', 'CREATE TABLE t (id int, n int); CREATE FUNCTION bump() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.n := 1; RETURN NEW; END $$; CREATE TRIGGER t_bump BEFORE INSERT ON t FOR EACH ROW EXECUTE FUNCTION bump();', 'CREATE TABLE t (id int, n int); CREATE FUNCTION bump() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.n := 1; RETURN NEW; END $$; CREATE TRIGGER t_bump BEFORE INSERT ON t FOR EACH ROW EXECUTE FUNCTION bump(); ALTER TABLE t DISABLE TRIGGER t_bump;'),
  c('make a disabled trigger fire always', 'CREATE TABLE t (id int, n int); CREATE FUNCTION bump() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.n := 1; RETURN NEW; END $$; CREATE TRIGGER t_bump BEFORE INSERT ON t FOR EACH ROW EXECUTE FUNCTION bump(); ALTER TABLE t DISABLE TRIGGER t_bump;', 'CREATE TABLE t (id int, n int); CREATE FUNCTION bump() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.n := 1; RETURN NEW; END $$; CREATE TRIGGER t_bump BEFORE INSERT ON t FOR EACH ROW EXECUTE FUNCTION bump(); ALTER TABLE t ENABLE ALWAYS TRIGGER t_bump;'),
  c('add a table with a replica-only trigger', '', 'CREATE TABLE t (id int, n int); CREATE FUNCTION bump() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.n := 1; RETURN NEW; END $$; CREATE TRIGGER t_bump BEFORE INSERT ON t FOR EACH ROW EXECUTE FUNCTION bump(); ALTER TABLE t ENABLE REPLICA TRIGGER t_bump;'),
  c('drop a table with a disabled trigger', 'CREATE TABLE t (id int, n int); CREATE FUNCTION bump() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.n := 1; RETURN NEW; END $$; CREATE TRIGGER t_bump BEFORE INSERT ON t FOR EACH ROW EXECUTE FUNCTION bump(); ALTER TABLE t DISABLE TRIGGER t_bump;', 'CREATE FUNCTION bump() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.n := 1; RETURN NEW; END $$;'),
  // replica identity (logical replication)
  c('add table with replica identity full', '', 'CREATE TABLE t (id int PRIMARY KEY, v text); ALTER TABLE t REPLICA IDENTITY FULL;'),
  c('set replica identity using a unique index', 'CREATE TABLE t (id int NOT NULL, v text); CREATE UNIQUE INDEX t_id ON t (id);',
    'CREATE TABLE t (id int NOT NULL, v text); CREATE UNIQUE INDEX t_id ON t (id); ALTER TABLE t REPLICA IDENTITY USING INDEX t_id;'),
  c('change replica identity full to nothing', 'CREATE TABLE t (id int); ALTER TABLE t REPLICA IDENTITY FULL;', 'CREATE TABLE t (id int); ALTER TABLE t REPLICA IDENTITY NOTHING;'),
  c('drop a table whose replica identity uses its index', 'CREATE TABLE t (id int NOT NULL); CREATE UNIQUE INDEX t_id ON t (id); ALTER TABLE t REPLICA IDENTITY USING INDEX t_id;', ''),
  // NOT VALID domain checks cannot be written in CREATE DOMAIN; validating one is a change.
  c('add domain with a NOT VALID check', '', `CREATE DOMAIN email AS text; ${NOT_VALID_CHECK} CREATE TABLE u (e email);`),
  c('drop domain with a NOT VALID check', `CREATE DOMAIN email AS text CHECK (VALUE <> ''); ${NOT_VALID_CHECK}`, ''),
  c('add a NOT VALID check to a domain', 'CREATE DOMAIN email AS text;', `CREATE DOMAIN email AS text; ${NOT_VALID_CHECK}`),
  c('validate a NOT VALID domain check', `CREATE DOMAIN email AS text; ${NOT_VALID_CHECK}`, `CREATE DOMAIN email AS text; ${NOT_VALID_CHECK} ALTER DOMAIN email VALIDATE CONSTRAINT email_at;`),
  // composite types
  c('add composite type used by a column and a function', '', 'CREATE TYPE pair AS (a int, b text COLLATE "C"); CREATE TABLE t (p pair); CREATE FUNCTION first(p pair) RETURNS int LANGUAGE sql AS $$ SELECT p.a $$;'),
  c('drop composite type', 'CREATE TYPE pair AS (a int, b int);', ''),
  c('modify composite type', "CREATE TYPE pair AS (a int, b int, c text);", "CREATE TYPE pair AS (a bigint, c text, d date); COMMENT ON TYPE pair IS 'p';"),
  c('composite type using another and an enum', '', mood + ' CREATE TYPE inner_t AS (m mood); CREATE TYPE a_outer AS (i inner_t, n int);'),
  // sequences
  c('add sequence', '', 'CREATE SEQUENCE s START 100 INCREMENT 5;'),
  c('drop sequence', 'CREATE SEQUENCE s;', ''),
  c('modify sequence', 'CREATE SEQUENCE s;', 'CREATE SEQUENCE s AS int INCREMENT 2 MAXVALUE 1000 CYCLE CACHE 10;'),
  c('rename sequence', 'CREATE SEQUENCE s1;', 'CREATE SEQUENCE s2;', ['S.s1=s2']),
  c('sequence used by a default and owned', '', "CREATE TABLE t (a bigint); CREATE SEQUENCE t_seq OWNED BY t.a; ALTER TABLE t ALTER COLUMN a SET DEFAULT nextval('t_seq');"),
  // views
  c('add view', users, users + ' CREATE VIEW adults AS SELECT id, email FROM users WHERE age >= 18;'),
  c('drop view', users + ' CREATE VIEW v AS SELECT id FROM users;', users),
  c('modify view', users + ' CREATE VIEW v AS SELECT id FROM users;', users + ' CREATE VIEW v AS SELECT id, email FROM users;'),
  c('rename view', users + ' CREATE VIEW v1 AS SELECT id FROM users;', users + ' CREATE VIEW v2 AS SELECT id FROM users;', ['S.v1=v2']),
  c('comments on view columns', users + ' CREATE VIEW v AS SELECT id, email FROM users;', users + " CREATE VIEW v AS SELECT id, email FROM users; COMMENT ON COLUMN v.email IS 'e';"),
  c('index key collation', 'CREATE TABLE t (a text, b text COLLATE "C");', 'CREATE TABLE t (a text, b text COLLATE "C"); CREATE INDEX ix ON t (a COLLATE "C", b COLLATE "POSIX", (lower(a)) COLLATE "C");'),
  c('view options', users + ' CREATE VIEW v AS SELECT id FROM users;', users + ' CREATE VIEW v WITH (security_barrier = true) AS SELECT id FROM users;'),
  c('modify base of a view chain', users + ' CREATE VIEW v1 AS SELECT id, age FROM users; CREATE VIEW v2 AS SELECT id FROM v1 WHERE age > 1;',
    users + ' CREATE VIEW v1 AS SELECT id, age, email FROM users; CREATE VIEW v2 AS SELECT id FROM v1 WHERE age > 1;'),
  c('change type of a column a view reads', users + ' CREATE VIEW v AS SELECT id, age FROM users; CREATE VIEW v2 AS SELECT * FROM v;',
    users.replace('age int', 'age bigint') + ' CREATE VIEW v AS SELECT id, age FROM users; CREATE VIEW v2 AS SELECT * FROM v;'),
  c('add materialized view with index', users, users + ' CREATE MATERIALIZED VIEW mv AS SELECT age, count(*) AS n FROM users GROUP BY age; CREATE UNIQUE INDEX mv_age ON mv (age);'),
  c('modify materialized view', users + ' CREATE MATERIALIZED VIEW mv AS SELECT age FROM users; CREATE INDEX mvi ON mv (age);',
    users + ' CREATE MATERIALIZED VIEW mv AS SELECT age, name FROM users; CREATE INDEX mvi ON mv (age);'),
  c('drop materialized view', users + ' CREATE MATERIALIZED VIEW mv AS SELECT age FROM users;', users),
  // functions and procedures
  c('add function', '', 'CREATE FUNCTION add(a int, b int) RETURNS int LANGUAGE sql IMMUTABLE AS $$ SELECT a + b $$;'),
  c('drop function', 'CREATE FUNCTION one() RETURNS int LANGUAGE sql AS $$ SELECT 1 $$;', ''),
  c('modify function body', 'CREATE FUNCTION one() RETURNS int LANGUAGE sql AS $$ SELECT 1 $$;', 'CREATE FUNCTION one() RETURNS int LANGUAGE sql AS $$ SELECT 2 $$;'),
  c('change function result type', 'CREATE FUNCTION one() RETURNS int LANGUAGE sql AS $$ SELECT 1 $$;', 'CREATE FUNCTION one() RETURNS bigint LANGUAGE sql AS $$ SELECT 1::bigint $$;'),
  c('add function overload', 'CREATE FUNCTION f(a int) RETURNS int LANGUAGE sql AS $$ SELECT a $$;',
    'CREATE FUNCTION f(a int) RETURNS int LANGUAGE sql AS $$ SELECT a $$; CREATE FUNCTION f(a text) RETURNS text LANGUAGE sql AS $$ SELECT a $$;'),
  c('add procedure', '', 'CREATE TABLE log (m text); CREATE PROCEDURE note(m text) LANGUAGE sql AS $$ INSERT INTO log VALUES (m) $$;'),
  c('function used by a generated column', '', 'CREATE FUNCTION dbl(a int) RETURNS int LANGUAGE sql IMMUTABLE AS $$ SELECT a * 2 $$; CREATE TABLE t (a int, b int GENERATED ALWAYS AS (dbl(a)) STORED);'),
  // triggers
  c('add trigger with its function', users, users + fn + ' CREATE TRIGGER t BEFORE INSERT ON users FOR EACH ROW EXECUTE FUNCTION touch();'),
  c('drop trigger', users + fn + ' CREATE TRIGGER t BEFORE INSERT ON users FOR EACH ROW EXECUTE FUNCTION touch();', users + fn),
  c('modify trigger events', users + fn + ' CREATE TRIGGER t BEFORE INSERT ON users FOR EACH ROW EXECUTE FUNCTION touch();',
    users + fn + ' CREATE TRIGGER t BEFORE INSERT OR UPDATE OF name ON users FOR EACH ROW WHEN (NEW.name IS NOT NULL) EXECUTE FUNCTION touch();'),
  c('drop table with trigger and function', users + fn + ' CREATE TRIGGER t BEFORE INSERT ON users FOR EACH ROW EXECUTE FUNCTION touch();', ''),
  // comments
  c('comment on table and column', users, users + " COMMENT ON TABLE users IS 'people'; COMMENT ON COLUMN users.email IS 'it''s unique';"),
  c('change and clear comments', users + " COMMENT ON TABLE users IS 'a'; COMMENT ON COLUMN users.name IS 'n';", users + " COMMENT ON TABLE users IS 'b';"),
  c('comments on index, view, sequence, type, function', users + mood + ' CREATE INDEX ix ON users (age); CREATE VIEW v AS SELECT 1 AS x; CREATE SEQUENCE s; CREATE FUNCTION f() RETURNS int LANGUAGE sql AS $$ SELECT 1 $$;',
    users + mood + ` CREATE INDEX ix ON users (age); CREATE VIEW v AS SELECT 1 AS x; CREATE SEQUENCE s; CREATE FUNCTION f() RETURNS int LANGUAGE sql AS $$ SELECT 1 $$;
    COMMENT ON INDEX ix IS 'i'; COMMENT ON VIEW v IS 'v'; COMMENT ON SEQUENCE s IS 's'; COMMENT ON TYPE mood IS 'm'; COMMENT ON FUNCTION f() IS 'f';`),
  c('comments on constraint and trigger', users + fn + ' CREATE TRIGGER tr BEFORE INSERT ON users FOR EACH ROW EXECUTE FUNCTION touch(); ALTER TABLE users ADD CONSTRAINT ck CHECK (age > 0);',
    users + fn + " CREATE TRIGGER tr BEFORE INSERT ON users FOR EACH ROW EXECUTE FUNCTION touch(); ALTER TABLE users ADD CONSTRAINT ck CHECK (age > 0); COMMENT ON CONSTRAINT ck ON users IS 'c'; COMMENT ON TRIGGER tr ON users IS 't';"),
  c('new table with comments everywhere', '', `${users} CREATE INDEX ix ON users (age); COMMENT ON TABLE users IS 't'; COMMENT ON COLUMN users.id IS 'c'; COMMENT ON INDEX ix IS 'i';`),
  c('drop table with comments', `${users} CREATE INDEX ix ON users (age); COMMENT ON TABLE users IS 't'; COMMENT ON COLUMN users.id IS 'c'; COMMENT ON INDEX ix IS 'i';`, ''),
  // dependency chains
  c('build a whole schema', '', `${mood} ${posts} CREATE INDEX ON posts (user_id); ${fn} CREATE TRIGGER t BEFORE INSERT ON users FOR EACH ROW EXECUTE FUNCTION touch();
    ALTER TABLE users ADD COLUMN m mood; CREATE VIEW feed AS SELECT p.title, u.email FROM posts p JOIN users u ON u.id = p.user_id; CREATE VIEW feed2 AS SELECT * FROM feed;`),
  c('drop a whole schema', `${mood} ${posts} CREATE INDEX ON posts (user_id); ${fn} CREATE TRIGGER t BEFORE INSERT ON users FOR EACH ROW EXECUTE FUNCTION touch();
    ALTER TABLE users ADD COLUMN m mood; CREATE VIEW feed AS SELECT p.title, u.email FROM posts p JOIN users u ON u.id = p.user_id; CREATE VIEW feed2 AS SELECT * FROM feed;`, ''),
  c('drop column read by a view and an index', users + ' CREATE INDEX ix ON users (age); CREATE VIEW v AS SELECT id, age FROM users;',
    users.replace(', age int', '') + ' CREATE VIEW v AS SELECT id FROM users;'),
  c('rename table and column with serial, index and view', users + ' CREATE INDEX users_name_idx ON users (name); CREATE VIEW v AS SELECT id, name FROM users;',
    users.replace('users', 'people').replace('name text', 'nick text') + ' CREATE INDEX people_nick_idx ON people (nick); CREATE VIEW v AS SELECT id, nick FROM people;',
    ['S.users=people', 'S.people.name=nick']),
  c('swap a foreign key target', `${users} CREATE TABLE orgs (id int PRIMARY KEY); CREATE TABLE m (u bigint REFERENCES users (id), o int);`,
    `${users} CREATE TABLE orgs (id int PRIMARY KEY); CREATE TABLE m (u bigint, o int REFERENCES orgs (id));`),
  c('rename table with a trigger', users + fn + ' CREATE TRIGGER t BEFORE INSERT ON users FOR EACH ROW EXECUTE FUNCTION touch();',
    users.replace('users', 'people') + fn + ' CREATE TRIGGER t BEFORE INSERT ON people FOR EACH ROW EXECUTE FUNCTION touch();', ['S.users=people']),
  c('rename materialized view', users + ' CREATE MATERIALIZED VIEW m1 AS SELECT id FROM users;', users + ' CREATE MATERIALIZED VIEW m2 AS SELECT id FROM users;', ['S.m1=m2']),
  c('rename column with a check', 'CREATE TABLE t (a int CONSTRAINT pos CHECK (a > 0));', 'CREATE TABLE t (b int CONSTRAINT pos CHECK (b > 0));', ['S.t.a=b']),
  c('add and drop commented columns', "CREATE TABLE t (a int, b int); COMMENT ON COLUMN t.b IS 'b';", "CREATE TABLE t (a int, c int); COMMENT ON COLUMN t.c IS 'c';"),
  c('rename enum used by a column', mood + ' CREATE TABLE t (m mood);', mood.replace('mood', 'feeling') + ' CREATE TABLE t (m feeling);', ['S.mood=feeling']),
  c('drop a domain and the table using it', 'CREATE DOMAIN pos AS int CHECK (VALUE > 0); CREATE TABLE t (a pos);', ''),
  c('function with a row-type argument', users, users + ' CREATE FUNCTION adult(u users) RETURNS boolean LANGUAGE sql AS $$ SELECT u.age >= 18 $$;'),
  c('SQL-standard body calling another function', '', 'CREATE FUNCTION b(x int) RETURNS int LANGUAGE sql IMMUTABLE RETURN x + 1; CREATE FUNCTION a(x int) RETURNS int LANGUAGE sql IMMUTABLE RETURN b(x) * 2;'),
  c('drop procedure', 'CREATE PROCEDURE p() LANGUAGE sql AS $$ SELECT 1 $$;', ''),
  c('change the column owning a sequence', 'CREATE TABLE t (a bigint, b bigint); CREATE SEQUENCE s OWNED BY t.a;', 'CREATE TABLE t (a bigint, b bigint); CREATE SEQUENCE s OWNED BY t.b;'),
  c('rename domain used by a column', 'CREATE DOMAIN pos AS int CHECK (VALUE > 0); CREATE TABLE t (a pos);', 'CREATE DOMAIN positive AS int CHECK (VALUE > 0); CREATE TABLE t (a positive);', ['S.pos=positive']),
  c('rename composite type', 'CREATE TYPE pair AS (a int); CREATE TABLE t (p pair);', 'CREATE TYPE couple AS (a int); CREATE TABLE t (p couple);', ['S.pair=couple']),
  c('rename function', 'CREATE FUNCTION one() RETURNS int LANGUAGE sql AS $$ SELECT 1 $$;', 'CREATE FUNCTION uno() RETURNS int LANGUAGE sql AS $$ SELECT 1 $$;', ['S.one=uno']),
  c('rename and change a function', 'CREATE FUNCTION one() RETURNS int LANGUAGE sql AS $$ SELECT 1 $$;', 'CREATE FUNCTION uno() RETURNS int LANGUAGE sql AS $$ SELECT 11 $$;', ['S.one=uno']),
  c('rename trigger', users + fn + ' CREATE TRIGGER t1 BEFORE INSERT ON users FOR EACH ROW EXECUTE FUNCTION touch();', users + fn + ' CREATE TRIGGER t2 BEFORE INSERT ON users FOR EACH ROW EXECUTE FUNCTION touch();', ['S.users.t1=t2']),
  c('rename and change a trigger', users + fn + ' CREATE TRIGGER t1 BEFORE INSERT ON users FOR EACH ROW EXECUTE FUNCTION touch();', users + fn + ' CREATE TRIGGER t2 BEFORE UPDATE ON users FOR EACH ROW EXECUTE FUNCTION touch();', ['S.users.t1=t2']),
  c('rename foreign key', posts.replace('REFERENCES users (id)', 'CONSTRAINT fk1 REFERENCES users (id)'), posts.replace('REFERENCES users (id)', 'CONSTRAINT fk2 REFERENCES users (id)'), ['S.posts.fk1=fk2']),
  c('index on an enum column, value removed', mood + " CREATE TABLE t (m mood); CREATE INDEX ON t (m);", "CREATE TYPE mood AS ENUM ('ok', 'happy'); CREATE TABLE t (m mood); CREATE INDEX ON t (m);"),
  c('add view with check option', users, users + ' CREATE VIEW v AS SELECT id, age FROM users WHERE age > 0 WITH CHECK OPTION;'),
  // row-level security
  c('enable row level security', 'CREATE TABLE t (a int);', 'CREATE TABLE t (a int); ALTER TABLE t ENABLE ROW LEVEL SECURITY;'),
  c('force row level security', rlsTable, rlsTable + ' ALTER TABLE t FORCE ROW LEVEL SECURITY;'),
  c('disable row level security', rlsTable + ' ALTER TABLE t FORCE ROW LEVEL SECURITY;', 'CREATE TABLE t (a int, b text);'),
  c('force without enabling row level security', 'CREATE TABLE t (a int);', 'CREATE TABLE t (a int); ALTER TABLE t FORCE ROW LEVEL SECURITY;'),
  c('add permissive policy', rlsTable, rlsTable + ' CREATE POLICY p ON t USING (a > 0);'),
  c('add restrictive per-command policies with roles', roles + rlsTable, roles + rlsTable + ` CREATE POLICY sel ON t AS RESTRICTIVE FOR SELECT TO cairn_rls_reader USING (a > 0);
    CREATE POLICY ins ON t FOR INSERT TO cairn_rls_writer, cairn_rls_reader WITH CHECK (a < 100);
    CREATE POLICY upd ON t FOR UPDATE TO cairn_rls_writer USING (a > 0) WITH CHECK (a > 1 AND b IS NOT NULL);
    CREATE POLICY del ON t FOR DELETE USING (b = current_user);`),
  c('drop policy', rlsTable + ' CREATE POLICY p ON t USING (a > 0); CREATE POLICY q ON t FOR INSERT WITH CHECK (true);', rlsTable + ' CREATE POLICY q ON t FOR INSERT WITH CHECK (true);'),
  c('modify policy using', rlsTable + ' CREATE POLICY p ON t USING (a > 0);', rlsTable + " CREATE POLICY p ON t USING (a > 0 AND b <> 'x');"),
  c('modify policy roles', roles + rlsTable + ' CREATE POLICY p ON t USING (a > 0);', roles + rlsTable + ' CREATE POLICY p ON t TO cairn_rls_writer, cairn_rls_reader USING (a > 0);'),
  c('modify policy with check', rlsTable + ' CREATE POLICY p ON t FOR UPDATE USING (true) WITH CHECK (a > 0);', rlsTable + ' CREATE POLICY p ON t FOR UPDATE USING (true) WITH CHECK (a > 10);'),
  c('change policy command', rlsTable + ' CREATE POLICY p ON t USING (a > 0);', rlsTable + ' CREATE POLICY p ON t FOR SELECT USING (a > 0);'),
  c('make policy restrictive', rlsTable + ' CREATE POLICY p ON t USING (a > 0);', rlsTable + ' CREATE POLICY p ON t AS RESTRICTIVE USING (a > 0);'),
  c('remove a policy USING clause', rlsTable + ' CREATE POLICY p ON t USING (a > 0) WITH CHECK (a > 1);', rlsTable + ' CREATE POLICY p ON t WITH CHECK (a > 1);'),
  c('comment on policy', rlsTable + ' CREATE POLICY p ON t USING (a > 0);', rlsTable + " CREATE POLICY p ON t USING (a > 0); COMMENT ON POLICY p ON t IS 'positive only';"),
  c('rename policy', rlsTable + ' CREATE POLICY p1 ON t USING (a > 0);', rlsTable + ' CREATE POLICY p2 ON t USING (a > 0);', ['S.t.p1=p2']),
  c('add policy calling a new function', rlsTable, rlsTable + isOk + ' CREATE POLICY p ON t USING (is_ok(a));'),
  c('drop a policy and the function it calls', rlsTable + isOk + ' CREATE POLICY p ON t USING (is_ok(a));', rlsTable),
  c('policy on a function whose result type changes', rlsTable + isOk + ' CREATE POLICY p ON t USING (is_ok(a));',
    rlsTable + 'CREATE FUNCTION is_ok(x int) RETURNS int LANGUAGE sql STABLE AS $$ SELECT x $$; CREATE POLICY p ON t USING (is_ok(a) > 0);'),
  c('add table with policies and row level security', roles, roles + isOk + ` CREATE TABLE t (a int, b text); ALTER TABLE t ENABLE ROW LEVEL SECURITY; ALTER TABLE t FORCE ROW LEVEL SECURITY;
    CREATE POLICY p ON t TO cairn_rls_reader USING (is_ok(a)); CREATE POLICY w ON t AS RESTRICTIVE FOR INSERT WITH CHECK (b IS NOT NULL); COMMENT ON POLICY p ON t IS 'p';`),
  c('drop table with policies and row level security', roles + isOk + ` CREATE TABLE t (a int, b text); ALTER TABLE t ENABLE ROW LEVEL SECURITY; ALTER TABLE t FORCE ROW LEVEL SECURITY;
    CREATE POLICY p ON t TO cairn_rls_reader USING (is_ok(a)); CREATE POLICY w ON t AS RESTRICTIVE FOR INSERT WITH CHECK (b IS NOT NULL); COMMENT ON POLICY p ON t IS 'p';`, roles + isOk),
  c('drop a column a policy reads', rlsTable + ' CREATE POLICY p ON t USING (b IS NOT NULL); CREATE POLICY q ON t USING (a > 0);',
    'CREATE TABLE t (a int); ALTER TABLE t ENABLE ROW LEVEL SECURITY; CREATE POLICY p ON t USING (a IS NOT NULL); CREATE POLICY q ON t USING (a > 0);'),
  c('change the type of a column a policy reads', rlsTable + ' CREATE POLICY p ON t USING (a > 0);', 'CREATE TABLE t (a bigint, b text); ALTER TABLE t ENABLE ROW LEVEL SECURITY; CREATE POLICY p ON t USING (a > 0);'),
  c('rename a column a policy reads', rlsTable + ' CREATE POLICY p ON t USING (a > 0);', 'CREATE TABLE t (z int, b text); ALTER TABLE t ENABLE ROW LEVEL SECURITY; CREATE POLICY p ON t USING (z > 0);', ['S.t.a=z']),
  c('rename a table a policy reads', 'CREATE TABLE members (id int); ' + rlsTable + ' CREATE POLICY p ON t USING (EXISTS (SELECT 1 FROM members m WHERE m.id = t.a));',
    'CREATE TABLE people (id int); ' + rlsTable + ' CREATE POLICY p ON t USING (EXISTS (SELECT 1 FROM people m WHERE m.id = t.a));', ['S.members=people']),
  c('rename a table with policies, retyping a column they read', rlsTable + ' CREATE POLICY p1 ON t USING (a > 0); CREATE POLICY p2 ON t FOR SELECT USING (b IS NOT NULL);',
    'CREATE TABLE u (a bigint, b text); ALTER TABLE u ENABLE ROW LEVEL SECURITY; CREATE POLICY p1 ON u USING (a > 0); CREATE POLICY p3 ON u FOR SELECT USING (b IS NOT NULL);', ['S.t=u', 'S.u.p2=p3']),
  c('policy reading a view that is re-created', 'CREATE TABLE o (id int); CREATE VIEW ov AS SELECT id FROM o; ' + rlsTable + ' CREATE POLICY p ON t USING (a IN (SELECT id FROM ov));',
    'CREATE TABLE o (id int); CREATE VIEW ov AS SELECT id FROM o WHERE id > 0; ' + rlsTable + ' CREATE POLICY p ON t USING (a IN (SELECT id FROM ov));'),
  c('policy reading a view re-built for a column type change', 'CREATE TABLE o (id int); CREATE VIEW ov AS SELECT id FROM o; ' + rlsTable + ' CREATE POLICY p ON t USING (a IN (SELECT id FROM ov));',
    'CREATE TABLE o (id bigint); CREATE VIEW ov AS SELECT id FROM o; ' + rlsTable + ' CREATE POLICY p ON t USING (a IN (SELECT id FROM ov));'),
  c('enum value removal with a policy on the column', mood + " CREATE TABLE t (m mood); ALTER TABLE t ENABLE ROW LEVEL SECURITY; CREATE POLICY p ON t USING (m <> 'sad');",
    "CREATE TYPE mood AS ENUM ('ok', 'happy'); CREATE TABLE t (m mood); ALTER TABLE t ENABLE ROW LEVEL SECURITY; CREATE POLICY p ON t USING (m <> 'ok');"),
  // routines using an enum that is re-created: dropped before, created again after (migra's enumwithfuncdep)
  ...both('enum value removed, a function taking it', "CREATE TYPE e AS ENUM ('x', 'y', 'z'); CREATE FUNCTION f(p e) RETURNS int LANGUAGE sql AS 'select 1';",
    "CREATE TYPE e AS ENUM ('x', 'y'); CREATE FUNCTION f(p e) RETURNS int LANGUAGE sql AS 'select 1';"),
  ...both('enum value removed, functions returning it and casting to it', `${mood} CREATE FUNCTION g() RETURNS mood LANGUAGE sql AS $$ SELECT 'ok'::mood $$; COMMENT ON FUNCTION g() IS 'g';
    CREATE FUNCTION h(m mood[]) RETURNS mood[] LANGUAGE sql BEGIN ATOMIC SELECT ARRAY['happy'::mood]; END; CREATE PROCEDURE p(m mood) LANGUAGE sql AS $$ SELECT 1 $$;
    CREATE TABLE t (m mood DEFAULT 'ok'); CREATE FUNCTION k(x int) RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT count(*)::int FROM t WHERE m = 'ok'::mood; END;`,
    `CREATE TYPE mood AS ENUM ('ok', 'happy'); CREATE FUNCTION g() RETURNS mood LANGUAGE sql AS $$ SELECT 'ok'::mood $$; COMMENT ON FUNCTION g() IS 'g';
    CREATE FUNCTION h(m mood[]) RETURNS mood[] LANGUAGE sql BEGIN ATOMIC SELECT ARRAY['happy'::mood]; END; CREATE PROCEDURE p(m mood) LANGUAGE sql AS $$ SELECT 1 $$;
    CREATE TABLE t (m mood DEFAULT 'ok'); CREATE FUNCTION k(x int) RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT count(*)::int FROM t WHERE m = 'ok'::mood; END;`),
  c('enum value removed, a function using it changes and another is dropped', "CREATE TYPE e AS ENUM ('x', 'y', 'z'); CREATE FUNCTION f(p e) RETURNS int LANGUAGE sql AS 'select 1'; CREATE FUNCTION d(p e) RETURNS e LANGUAGE sql AS 'select p';",
    "CREATE TYPE e AS ENUM ('x', 'y'); CREATE FUNCTION f(p e) RETURNS int LANGUAGE sql AS 'select 2';"),
  ...both('enum value removed, views casting to it and calling a function taking it', "CREATE TYPE e AS ENUM ('x', 'y', 'z'); CREATE FUNCTION f(p e) RETURNS int LANGUAGE sql AS 'select 1'; CREATE VIEW v AS SELECT 'x'::e AS a; CREATE VIEW w AS SELECT f('y') AS b;",
    "CREATE TYPE e AS ENUM ('x', 'y'); CREATE FUNCTION f(p e) RETURNS int LANGUAGE sql AS 'select 1'; CREATE VIEW v AS SELECT 'x'::e AS a; CREATE VIEW w AS SELECT f('y') AS b;"),
  ...both('enum value removed, a trigger function using it', `${mood} CREATE TABLE t (m mood, n text); CREATE FUNCTION trg() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.m := 'ok'::mood; RETURN NEW; END $$;
    CREATE TRIGGER t_m BEFORE INSERT ON t FOR EACH ROW EXECUTE FUNCTION trg();`,
    `CREATE TYPE mood AS ENUM ('ok', 'happy'); CREATE TABLE t (m mood, n text); CREATE FUNCTION trg() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.m := 'ok'::mood; RETURN NEW; END $$;
    CREATE TRIGGER t_m BEFORE INSERT ON t FOR EACH ROW EXECUTE FUNCTION trg();`),
  c('enum value removal with a view on the column', mood + " CREATE TABLE t (m mood); CREATE VIEW v AS SELECT m FROM t WHERE m <> 'sad';",
    "CREATE TYPE mood AS ENUM ('ok', 'happy'); CREATE TABLE t (m mood); CREATE VIEW v AS SELECT m FROM t WHERE m <> 'ok';"),
  // declarative partitioning
  c('create a range-partitioned table with partitions and an index', '', evs + ' CREATE INDEX ev_kind ON ev (kind); CREATE TABLE ev_other PARTITION OF ev DEFAULT;'),
  c('create a list-partitioned table', '', `CREATE TABLE l (region text NOT NULL, n int CHECK (n > 0)) PARTITION BY LIST (region);
    CREATE TABLE l_eu PARTITION OF l FOR VALUES IN ('de', 'fr'); CREATE TABLE l_us PARTITION OF l FOR VALUES IN ('us', NULL);`),
  c('create a hash-partitioned table', '', `CREATE TABLE h (id int PRIMARY KEY, b text) PARTITION BY HASH (id);
    CREATE TABLE h0 PARTITION OF h FOR VALUES WITH (modulus 2, remainder 0); CREATE TABLE h1 PARTITION OF h FOR VALUES WITH (modulus 2, remainder 1);`),
  c('add a default partition', ev + ev24, ev + ev24 + ' CREATE TABLE ev_other PARTITION OF ev DEFAULT;'),
  c('add a partition', ev + ev24, evs),
  c('drop a partition', evs, ev + ev24),
  c('change a partition bound', ev + ev24, ev + "CREATE TABLE ev_2024 PARTITION OF ev FOR VALUES FROM ('2024-01-01') TO ('2024-07-01');"),
  c('move a range from a dropped partition to another', evs, ev + "CREATE TABLE ev_2024 PARTITION OF ev FOR VALUES FROM ('2024-01-01') TO ('2026-01-01');"),
  c('hand a range over to a new partition', ev + "CREATE TABLE ev_2024 PARTITION OF ev FOR VALUES FROM ('2024-01-01') TO ('2026-01-01');", evs),
  // a partition becomes a plain table (DETACH) and back (ATTACH), with a default partition, and changes parent
  ...both('a partition becomes a plain table', evs, ev + ev24 + plain25),
  ...both('a partition becomes a plain table of other columns', evs, ev + ev24 + "CREATE TABLE ev_2025 (id bigint NOT NULL, at date NOT NULL, note text);"),
  ...both('a plain table becomes a partition next to a default partition', ev + ev24 + evOther + plain25, evs + evOther),
  ...both('a partition changes parent', evs + ev2, ev + ev24 + ev2 + ev25.replace('OF ev ', 'OF ev2 ')),
  c('partition bounds on timestamptz', "CREATE TABLE tz (at timestamptz) PARTITION BY RANGE (at); CREATE TABLE tz1 PARTITION OF tz FOR VALUES FROM ('2024-01-01 00:00+02') TO (MAXVALUE);",
    "CREATE TABLE tz (at timestamptz) PARTITION BY RANGE (at); CREATE TABLE tz1 PARTITION OF tz FOR VALUES FROM ('2024-01-01 00:00+00') TO (MAXVALUE);"),
  c('add a column to a partitioned table', evs, evs.replace('uid bigint,', 'uid bigint, note text NOT NULL DEFAULT \'\',')),
  c('change the type of a partitioned table column', evs, evs.replace('kind text', 'kind varchar(20)')),
  c('index on a partitioned table', evs, evs + ' CREATE INDEX ev_kind ON ev (kind);'),
  c('primary key including the partition key', 'CREATE TABLE p (id int NOT NULL, at date NOT NULL) PARTITION BY RANGE (at); CREATE TABLE p1 PARTITION OF p FOR VALUES FROM (MINVALUE) TO (MAXVALUE);',
    'CREATE TABLE p (id int NOT NULL, at date NOT NULL, CONSTRAINT p_pk PRIMARY KEY (id, at)) PARTITION BY RANGE (at); CREATE TABLE p1 PARTITION OF p FOR VALUES FROM (MINVALUE) TO (MAXVALUE);'),
  c('foreign key from a partitioned table', users + evs, users + evs + ' ALTER TABLE ev ADD CONSTRAINT ev_user FOREIGN KEY (uid) REFERENCES users (id);'),
  c('foreign key to a partitioned table', evs, evs + ' CREATE TABLE r (id bigint, at date, CONSTRAINT r_ev FOREIGN KEY (id, at) REFERENCES ev (id, at) ON DELETE CASCADE);'),
  c('check and row trigger on a partitioned table', touchKind + evs,
    touchKind + evs + ' ALTER TABLE ev ADD CONSTRAINT ev_id_pos CHECK (id > 0); CREATE TRIGGER ev_touch BEFORE INSERT ON ev FOR EACH ROW EXECUTE FUNCTION touch_kind();'),
  c('sub-partitioning', '', sub),
  c('add a sub-partitioned partition', sub, sub + " CREATE TABLE s2 PARTITION OF s FOR VALUES FROM ('2025-01-01') TO ('2026-01-01') PARTITION BY HASH (a); CREATE TABLE s2h PARTITION OF s2 FOR VALUES WITH (modulus 1, remainder 0);"),
  c('drop a sub-partitioned partition', sub, 'CREATE TABLE s (a int, d date, k text) PARTITION BY RANGE (d);'),
  c('local index, check, policy and comment on one partition', evs, evs + ` CREATE INDEX ev_2024_recent ON ev_2024 (at) WHERE kind <> 'x';
    ALTER TABLE ev_2024 ADD CONSTRAINT ev_2024_small CHECK (id < 1000000); ALTER TABLE ev_2024 ENABLE ROW LEVEL SECURITY; CREATE POLICY own ON ev_2024 USING (uid > 0);
    COMMENT ON TABLE ev_2024 IS 'last year';`),
  c('view on a partition whose parent column changes type', evs + ' CREATE VIEW v24 AS SELECT kind FROM ev_2024;', evs.replace('kind text', 'kind varchar(20)') + ' CREATE VIEW v24 AS SELECT kind FROM ev_2024;'),
  c('policy on a partition whose parent column changes type', evs + " ALTER TABLE ev_2024 ENABLE ROW LEVEL SECURITY; CREATE POLICY p ON ev_2024 USING (kind <> 'y');",
    evs.replace('kind text', 'kind varchar(20)') + " ALTER TABLE ev_2024 ENABLE ROW LEVEL SECURITY; CREATE POLICY p ON ev_2024 USING (kind <> 'y');"),
  c('rename a partitioned table and a partition', evs, evs.replace(/ev\b/g, 'events').replace('ev_2025', 'events_2025'), ['S.ev=events', 'S.ev_2025=events_2025']),
  c('rename a partitioned table and drop one of its partitions', evs, (ev + ev24).replace(/ev\b/g, 'events'), ['S.ev=events']),
  c('rename a partition key column', ev + ev24, ev.replace(/\bat\b/g, 'happened') + ev24, ['S.ev.at=happened']),
  c('drop the whole partitioned table', users + sub + evs + ' CREATE INDEX ev_kind ON ev (kind); ALTER TABLE ev ADD CONSTRAINT ev_user FOREIGN KEY (uid) REFERENCES users (id); CREATE INDEX ev_2024_local ON ev_2024 (uid);', users),
  // collations
  c('add an ICU collation used by a column and an index key', 'CREATE TABLE t (a text, b text);',
    `${ci} CREATE TABLE t (a text COLLATE ci, b text); CREATE INDEX t_b ON t (b COLLATE ci);`),
  c('add libc collations, one copied FROM another', '', `${cLib} CREATE COLLATION c_copy FROM "POSIX"; CREATE COLLATION c_lc (lc_collate = 'C', lc_ctype = 'POSIX');`),
  c('drop a collation', cLib, ''),
  c('drop a collation and the table using it', `${ci} CREATE TABLE t (a text COLLATE ci UNIQUE);`, ''),
  c('change an unused collation', ci, ci.replace('ks-level2', 'ks-level1')),
  c('make an unused libc collation ICU', cLib, "CREATE COLLATION c_lib (provider = icu, locale = 'und');"),
  c('comment on a collation', cLib, `${cLib} COMMENT ON COLLATION c_lib IS 'bytewise';`),
  c('move a column to a new collation and drop the old one', `${cLib} CREATE TABLE t (a text COLLATE c_lib);`, `${ci} CREATE TABLE t (a text COLLATE ci);`),
  c('domain and composite type with a user collation', '', `${ci} CREATE DOMAIN ci_text AS text COLLATE ci; CREATE TYPE pair AS (a text COLLATE ci); CREATE TABLE t (e ci_text, p pair);`),
  // aggregates
  c('add an aggregate with its support function', items, items + firstAgg),
  c('drop an aggregate and its support function', items + firstAgg, items),
  c('view using a new aggregate', items, `${items} ${firstAgg} CREATE VIEW firsts AS SELECT grp, first(name ORDER BY id) AS name FROM items GROUP BY grp;`),
  c('drop a view and the aggregate it uses', `${items} ${firstAgg} CREATE VIEW firsts AS SELECT grp, first(name) AS name FROM items GROUP BY grp;`, items),
  c('modify an aggregate used by a view', `${items} ${firstAgg} CREATE VIEW firsts AS SELECT grp, first(name) AS name FROM items GROUP BY grp;`,
    `${items} ${firstAgg.replace('PARALLEL = safe', 'PARALLEL = restricted')} CREATE VIEW firsts AS SELECT grp, first(name) AS name FROM items GROUP BY grp;`),
  c('change the result type of an aggregate', `${toNum} CREATE AGGREGATE total(int) (SFUNC = int4_sum, STYPE = int8);`,
    `${toNum} CREATE AGGREGATE total(int) (SFUNC = int4_sum, STYPE = int8, FINALFUNC = to_num); COMMENT ON AGGREGATE total(int) IS 'as numeric';`),
  c('comment on aggregates of no arguments and ordered-set ones', '', `CREATE AGGREGATE cnt(*) (SFUNC = int8inc, STYPE = int8, INITCOND = '0');
    CREATE AGGREGATE pct(float8 ORDER BY anyelement) (SFUNC = ordered_set_transition, STYPE = internal, FINALFUNC = percentile_disc_final, FINALFUNC_EXTRA);
    CREATE AGGREGATE mysum(int) (SFUNC = int4_sum, STYPE = int8, COMBINEFUNC = int8pl, MSFUNC = int4_avg_accum, MINVFUNC = int4_avg_accum_inv, MSTYPE = int8[], MFINALFUNC = int2int4_sum, MINITCOND = '{0,0}');
    CREATE AGGREGATE mymax(int) (SFUNC = int4larger, STYPE = int4, SORTOP = >);
    COMMENT ON AGGREGATE cnt(*) IS 'count'; COMMENT ON AGGREGATE pct(float8 ORDER BY anyelement) IS 'percentile';`),
  c('SQL-standard function body calling an aggregate', '', `${firstAgg} CREATE FUNCTION one() RETURNS int LANGUAGE sql RETURN (SELECT first(v) FROM (VALUES (1), (2)) s(v));`),
  // text search configurations
  c('add a text search configuration', '', usimple),
  c('drop a text search configuration', usimple, ''),
  c('change text search mappings', "CREATE TEXT SEARCH CONFIGURATION ueng (COPY = english);",
    "CREATE TEXT SEARCH CONFIGURATION ueng (COPY = english); ALTER TEXT SEARCH CONFIGURATION ueng ALTER MAPPING FOR asciiword, word WITH simple, english_stem; ALTER TEXT SEARCH CONFIGURATION ueng DROP MAPPING FOR email, url;"),
  c('comment on a text search configuration', usimple, `${usimple} COMMENT ON TEXT SEARCH CONFIGURATION usimple IS 'no stemming';`),
  c('generated column and index using a new text search configuration', 'CREATE TABLE docs (id int, body text);', usimple + docs),
  c('change mappings of a configuration a generated column uses', usimple + docs, `${usimple} ALTER TEXT SEARCH CONFIGURATION usimple ALTER MAPPING FOR asciiword WITH english_stem; ${docs}`),
  c('drop a table and the text search configuration it uses', usimple + docs, ''),
  // plain table inheritance (INHERITS): a child lists only its own columns and checks
  c('create a table that inherits, with columns of its own', '', cities + capitals),
  c('create a multi-level and multiple inheritance hierarchy', '', hierarchy),
  ...both('a table starts inheriting from an existing one', cities + capitalsOwn, cities + capitalsOwn.replace(';', ' INHERITS (cities);')),
  c('add a column to a table that inherits', cities + capitals, cities + capitals.replace('state char(2)', 'state char(2), since date')),
  c('add a column to a parent (its children get it)', cities + capitals, cities.replace('population int', 'population int, country text') + capitals),
  c('add a check to a parent (its children get it)', cities + capitals, cities.replace('NOT NULL', "NOT NULL CHECK (name <> '')") + capitals),
  c('rename a parent table', cities + capitals, cities.replace('cities', 'towns') + capitals.replace('cities', 'towns'), ['S.cities=towns']),
  c('drop a table that inherits', cities + capitals, cities),
  c('drop a level of a hierarchy', hierarchy, hierarchy.replace('CREATE TABLE hammers (head text) INHERITS (tools);', '')),
  // A column moves from a parent to a child that keeps it (ALTER TABLE ONLY ... DROP COLUMN), and back (ADD COLUMN
  // merges into it). The child declares it on both sides: a merged column stays the child's own (inheritance.test.ts).
  ...both('a column moves from a parent to its child', 'CREATE TABLE p (f text, e integer); CREATE TABLE c (e integer) INHERITS (p);', 'CREATE TABLE p (f text); CREATE TABLE c (e integer) INHERITS (p);'),
  // objects replaced by another of the same name: the old one is dropped before the new one is created
  ...both('serial column becomes a stand-alone sequence of the same name', 'CREATE TABLE t (id serial);', "CREATE SEQUENCE t_id_seq; CREATE TABLE t (id int NOT NULL DEFAULT nextval('t_id_seq'));"),
  ...both('identity column becomes a stand-alone sequence of the same name', 'CREATE TABLE t (id int GENERATED BY DEFAULT AS IDENTITY);', "CREATE SEQUENCE t_id_seq; CREATE TABLE t (id int NOT NULL DEFAULT nextval('t_id_seq'));"),
  ...both('table replaced by a view of the same name', 'CREATE TABLE t (a int); CREATE INDEX t_a ON t (a);', 'CREATE VIEW t AS SELECT 1 AS a;'),
  ...both('table replaced by a materialized view of the same name', 'CREATE TABLE t (a int);', 'CREATE MATERIALIZED VIEW t AS SELECT 1 AS a; CREATE INDEX t_a ON t (a);'),
  ...both('view replaced by a materialized view of the same name', 'CREATE VIEW t AS SELECT 1 AS a;', 'CREATE MATERIALIZED VIEW t AS SELECT 1 AS a;'),
  ...both('composite type replaced by a table of the same name', "CREATE TYPE t AS (a int, b text); COMMENT ON TYPE t IS 'type';", "CREATE TABLE t (a int, b text); COMMENT ON TABLE t IS 'table';"),
  // column changes PostgreSQL needs spelled out
  ...both('change a column from one enum to another', `${mood} CREATE TYPE feel AS ENUM ('ok', 'sad'); CREATE TABLE t (m mood DEFAULT 'ok', ms mood[]);`,
    `${mood} CREATE TYPE feel AS ENUM ('ok', 'sad'); CREATE TABLE t (m feel DEFAULT 'ok', ms feel[]);`),
  ...both('add identity to a nullable column', 'CREATE TABLE t (a int, b text);', 'CREATE TABLE t (a int GENERATED ALWAYS AS IDENTITY, b text);'),
  ...both('generated column becomes a plain one', 'CREATE TABLE t (a int, b int GENERATED ALWAYS AS (a * 2) STORED);', 'CREATE TABLE t (a int, b int);'),
  ...both('generated column becomes a plain one with a default', 'CREATE TABLE t (a int, b int GENERATED ALWAYS AS (a * 2) STORED);', 'CREATE TABLE t (a int, b bigint NOT NULL DEFAULT 0);'),
  ...both('plain table becomes partitioned', 'CREATE TABLE t (id serial, at date NOT NULL, k text, PRIMARY KEY (id, at)); CREATE INDEX t_k ON t (k); CREATE VIEW tv AS SELECT id, k FROM t;',
    "CREATE TABLE t (id serial, at date NOT NULL, k text, PRIMARY KEY (id, at)) PARTITION BY RANGE (at); CREATE TABLE t_old PARTITION OF t FOR VALUES FROM (MINVALUE) TO ('2025-01-01'); CREATE TABLE t_new PARTITION OF t DEFAULT; CREATE INDEX t_k ON t (k); CREATE VIEW tv AS SELECT id, k FROM t;"),
  ...both('partition key changes', "CREATE TABLE t (a int, b text) PARTITION BY LIST (b); CREATE TABLE t1 PARTITION OF t DEFAULT;", 'CREATE TABLE t (a int, b text) PARTITION BY HASH (a); CREATE TABLE t1 PARTITION OF t FOR VALUES WITH (modulus 1, remainder 0);'),
  // ... while foreign keys of other tables point at it: dropped first, added again once the rows are back
  ...both('plain table referenced by foreign keys becomes partitioned', refT + refR + refS, refTParted + refR + refS),
  ...both('partition key of a referenced table changes', "CREATE TABLE t (a int, b text, PRIMARY KEY (a, b)) PARTITION BY LIST (b); CREATE TABLE t1 PARTITION OF t DEFAULT; CREATE TABLE r (a int, b text, CONSTRAINT r_t FOREIGN KEY (a, b) REFERENCES t (a, b));",
    'CREATE TABLE t (a int, b text, PRIMARY KEY (a, b)) PARTITION BY HASH (a); CREATE TABLE t1 PARTITION OF t FOR VALUES WITH (modulus 1, remainder 0); CREATE TABLE r (a int, b text, CONSTRAINT r_t FOREIGN KEY (a, b) REFERENCES t (a, b));'),
  ...both('a referenced table becomes partitioned while the foreign key to it changes', refT + refR, refTParted + refR.replace('ON DELETE CASCADE', 'ON DELETE SET NULL')),
  c('a referenced table becomes partitioned while the foreign key to it is dropped', refT + refR + refS, refTParted + 'CREATE TABLE r (id int, at date, note text);' + refS),
  c('a referenced table becomes partitioned while the referencing table and its key are renamed', refT + refR, refTParted + refR.replace(/\br\b/g, 'r2').replace('r_t', 'r2_t'), ['S.r=r2']),
  c('a referenced table becomes partitioned while the referencing table is dropped', refT + refR + refS, refTParted + refS),
  // extension versions (one extension per case: extensions are database-wide)
  c('update an extension', "CREATE EXTENSION citext VERSION '1.5';", "CREATE EXTENSION citext VERSION '1.6';"),
  c('downgrade an extension', "CREATE EXTENSION hstore VERSION '1.8';", "CREATE EXTENSION hstore VERSION '1.7';"),
  c('update an extension by two versions', "CREATE EXTENSION pg_trgm VERSION '1.4';", "CREATE EXTENSION pg_trgm VERSION '1.6';"),
  c('add an extension at an older version', '', "CREATE EXTENSION ltree VERSION '1.1';"),
  c('drop an extension at an older version', "CREATE EXTENSION cube VERSION '1.4';", ''),
  c('configuration built from a parser with mappings', '', "CREATE TEXT SEARCH CONFIGURATION mine (PARSER = default); ALTER TEXT SEARCH CONFIGURATION mine ADD MAPPING FOR asciiword WITH english_stem, simple;"),
];
