/**
 * Returning an embedded dev database to the empty state it started in, so that `cairn diff`
 * can build both of its states in one PGlite instance (starting a second costs ~0.7 s).
 *
 * The reset drops what a migration history can create except roles (see DROP_USER_OBJECTS), then
 * proves the result: every catalog that holds user objects must have nothing at or above
 * FirstNormalObjectId (16384), the first OID initdb leaves to users, apart from the recreated `public` schema and the session's
 * temporary-schema entries (a migration that used a temp table leaves them; DISCARD ALL has
 * emptied them, which the pg_class count proves). Whatever the reset
 * missed (a subscription, a transform, an object kind added in a later PostgreSQL) fails that
 * proof, and the caller falls back to a fresh instance, so a reset can cost time but never
 * correctness.
 */
import type { Connection } from '../types.js';

/** Leaves any transaction the last migration left open and restores session defaults. */
const RESET_SESSION = ['ROLLBACK', 'SET SESSION AUTHORIZATION DEFAULT', 'RESET ROLE', 'DISCARD ALL'];

/**
 * Drops user objects database-wide. Schemas go first (CASCADE takes their tables, types,
 * functions and the extensions installed in them). Roles stay, as they would on a server, where
 * they are cluster-wide and outlive a scratch database: a desired schema may grant to or write
 * policies for a role the history created. DROP OWNED removes what they own and were granted. `public` is recreated as initdb leaves it in
 * PostgreSQL 15 and later: owned by pg_database_owner, usable by everyone, with its comment.
 */
const DROP_USER_OBJECTS = `DO $cairn_reset$
DECLARE r record;
BEGIN
  FOR r IN SELECT evtname FROM pg_event_trigger LOOP
    EXECUTE format('DROP EVENT TRIGGER %I CASCADE', r.evtname);
  END LOOP;
  FOR r IN SELECT pubname FROM pg_publication LOOP
    EXECUTE format('DROP PUBLICATION %I', r.pubname);
  END LOOP;
  FOR r IN SELECT nspname FROM pg_namespace WHERE nspname NOT LIKE 'pg\\_%' AND nspname <> 'information_schema' LOOP
    EXECUTE format('DROP SCHEMA %I CASCADE', r.nspname);
  END LOOP;
  FOR r IN SELECT extname FROM pg_extension WHERE oid >= 16384 LOOP
    EXECUTE format('DROP EXTENSION IF EXISTS %I CASCADE', r.extname);
  END LOOP;
  FOR r IN SELECT srvname FROM pg_foreign_server LOOP
    EXECUTE format('DROP SERVER IF EXISTS %I CASCADE', r.srvname);
  END LOOP;
  FOR r IN SELECT fdwname FROM pg_foreign_data_wrapper WHERE oid >= 16384 LOOP
    EXECUTE format('DROP FOREIGN DATA WRAPPER IF EXISTS %I CASCADE', r.fdwname);
  END LOOP;
  FOR r IN SELECT castsource::regtype AS s, casttarget::regtype AS t FROM pg_cast WHERE oid >= 16384 LOOP
    EXECUTE format('DROP CAST IF EXISTS (%s AS %s) CASCADE', r.s, r.t);
  END LOOP;
  FOR r IN SELECT lanname FROM pg_language WHERE oid >= 16384 LOOP
    EXECUTE format('DROP LANGUAGE IF EXISTS %I CASCADE', r.lanname);
  END LOOP;
  FOR r IN SELECT rolname FROM pg_roles WHERE oid >= 16384 AND rolname <> current_user LOOP
    EXECUTE format('DROP OWNED BY %I CASCADE', r.rolname);
    EXECUTE format('ALTER ROLE %I RESET ALL', r.rolname);
  END LOOP;
  EXECUTE format('ALTER DATABASE %I RESET ALL', current_database());
  EXECUTE format('ALTER ROLE %I RESET ALL', current_user);
  CREATE SCHEMA public AUTHORIZATION pg_database_owner;
  GRANT USAGE ON SCHEMA public TO PUBLIC;
  COMMENT ON SCHEMA public IS 'standard public schema';
END
$cairn_reset$`;

/** Counts what is left of user objects; 0 means the database is as initdb left it. */
export const RESIDUE_QUERY = `SELECT
    (SELECT count(*) FROM pg_class WHERE oid >= 16384)
  + (SELECT count(*) FROM pg_type WHERE oid >= 16384)
  + (SELECT count(*) FROM pg_proc WHERE oid >= 16384)
  + (SELECT count(*) FROM pg_namespace WHERE oid >= 16384 AND nspname <> 'public' AND nspname !~ '^pg_(toast_)?temp_')
  + (SELECT count(*) FROM pg_namespace WHERE nspname = 'public' AND (nspowner <> 'pg_database_owner'::regrole
       OR nspacl::text IS DISTINCT FROM '{pg_database_owner=UC/pg_database_owner,=U/pg_database_owner}'
       OR obj_description(oid, 'pg_namespace') IS DISTINCT FROM 'standard public schema'))
  + (SELECT count(*) FROM pg_extension WHERE oid >= 16384)
  + (SELECT count(*) FROM pg_event_trigger)
  + (SELECT count(*) FROM pg_cast WHERE oid >= 16384)
  + (SELECT count(*) FROM pg_language WHERE oid >= 16384)
  + (SELECT count(*) FROM pg_foreign_data_wrapper WHERE oid >= 16384)
  + (SELECT count(*) FROM pg_foreign_server)
  + (SELECT count(*) FROM pg_publication)
  + (SELECT count(*) FROM pg_subscription)
  + (SELECT count(*) FROM pg_default_acl)
  + (SELECT count(*) FROM pg_db_role_setting)
  + (SELECT count(*) FROM pg_collation WHERE oid >= 16384)
  + (SELECT count(*) FROM pg_conversion WHERE oid >= 16384)
  + (SELECT count(*) FROM pg_operator WHERE oid >= 16384)
  + (SELECT count(*) FROM pg_opclass WHERE oid >= 16384)
  + (SELECT count(*) FROM pg_opfamily WHERE oid >= 16384)
  + (SELECT count(*) FROM pg_am WHERE oid >= 16384)
  + (SELECT count(*) FROM pg_ts_config WHERE oid >= 16384)
  + (SELECT count(*) FROM pg_ts_dict WHERE oid >= 16384)
  + (SELECT count(*) FROM pg_ts_parser WHERE oid >= 16384)
  + (SELECT count(*) FROM pg_ts_template WHERE oid >= 16384)
  + (SELECT count(*) FROM pg_transform)
  + (SELECT count(*) FROM pg_largeobject_metadata)
  + (SELECT count(*) FROM pg_tablespace WHERE oid >= 16384)
  + (SELECT count(*) FROM pg_database WHERE oid >= 16384)
  + (SELECT count(*) FROM pg_statistic_ext WHERE oid >= 16384)
  + (SELECT count(*) FROM pg_shdepend WHERE deptype <> 'p')
  AS residue`;

/**
 * resetToEmpty drops everything a migration history created on `conn` and resolves true when
 * the residue proof finds nothing left; false (or a failed statement) means: use a fresh one.
 */
export async function resetToEmpty(conn: Pick<Connection, 'exec' | 'query'>): Promise<boolean> {
  try {
    for (const sql of RESET_SESSION) await conn.exec(sql);
    await conn.exec(DROP_USER_OBJECTS);
    const [row] = await conn.query<{ residue: number | string }>(RESIDUE_QUERY);
    return Number(row?.residue) === 0;
  } catch {
    return false;
  }
}
