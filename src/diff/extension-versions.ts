/**
 * Which extension versions mean something. A version is significant only when it is known to
 * be meant: read from a live database (`--from` / `--to` URL, a push target: what is installed
 * there is real), or written explicitly in the SQL that built a state on a dev database
 * (`CREATE EXTENSION … VERSION '1.6'` or `ALTER EXTENSION … UPDATE TO '1.6'`, in the desired
 * schema, the DSL's `extension(name, { version })`, or the replayed history). Any other version a
 * dev database reports is only what that build installs by default (PGlite's citext 1.8, which
 * PostgreSQL 15 does not have), so a built state drops it (`Extension.version` absent): the
 * migration then creates the extension without VERSION, and a comparison with a side that has
 * no version ignores the version.
 */
import type { Extension } from '../schema/model.js';

/** An extension whose version is left to the server. */
export function withoutVersion(e: Extension): Extension {
  const { version: _, ...rest } = e;
  return rest;
}

/** Only two significant versions can differ: a side without one takes whatever is installed. */
export function versionsDiffer(a: Extension, b: Extension): boolean {
  return a.version !== undefined && b.version !== undefined && a.version !== b.version;
}
