/**
 * Where the revision table lives when no schema is configured (`--revisions-schema`,
 * config `revisionsSchema`).
 *
 * Mostly that is the connection's current schema, and the name stays unqualified. But on
 * PostgreSQL the current schema is the first one of the search_path *that exists*, so with
 * `?search_path=app` (dbmate's convention) and a history whose first migration creates `app`,
 * there is none before the first run (`no schema has been selected to create in`), and with
 * `app,public` the table would be created in `public` and looked up in `app` on the next run.
 * So the table goes in the first schema the search_path names, whether it exists or not; it is
 * created with the table (createTableSql), which is apply's first write, so a refused apply
 * still writes nothing. A path that names no schema at all is refused there, and a table that
 * another schema of the path already holds (left by a run that resolved the path differently)
 * stops every command until it is named with `--revisions-schema`.
 */
import type { Connection, RevisionTableName } from '../../dialects/types.js';
import { CairnError } from '../../errors.js';

export interface RevisionPlace {
  readonly name: RevisionTableName;
  /**
   * Set when there is nowhere to create the table (the search_path names no schema): the
   * refusal to throw when the table would be created. Reading finds no table meanwhile.
   */
  readonly unplaced?: () => CairnError;
}

/** placeRevisionTable decides the revision table's schema for a connection (see the file comment). */
export async function placeRevisionTable(conn: Connection, configured: RevisionTableName): Promise<RevisionPlace> {
  const dialect = conn.dialect;
  if (configured.schema !== undefined || !dialect.revisionSchema) return { name: configured };
  const { first, current, searchPath, inFirst, elsewhere } = await dialect.revisionSchema(conn, configured.table);
  const name: RevisionTableName = first === null || first === current ? configured : { schema: first, table: configured.table };
  // A table that another schema of the path holds and the chosen one does not (created there
  // by an older Cairn, which used whatever schema existed first at the time) is used only when
  // named: otherwise its history would be taken for none and every migration run again.
  if (!inFirst && elsewhere.length > 0) {
    const found = dialect.qualify({ schema: elsewhere[0]!, table: configured.table });
    const expected = first === null ? undefined : dialect.qualify({ schema: first, table: configured.table });
    throw new CairnError('USAGE', `the revision table is ${found}, but the session's search_path (${searchPath}) puts it in ${expected ?? 'no schema'}`, {
      details: { searchPath, found, ...(expected ? { expected } : {}) },
      hint: `pass --revisions-schema ${elsewhere[0]} (config revisionsSchema) to keep using ${found}`,
    });
  }
  if (first !== null) return { name };
  const shown = searchPath.trim() === '' || searchPath.trim() === '""' ? 'empty' : searchPath;
  return {
    name,
    unplaced: () =>
      new CairnError('USAGE', `cannot create the revision table ${dialect.qualify(configured)}: the session's search_path (${shown}) names no schema to create it in`, {
        details: { searchPath },
        hint: 'pass --revisions-schema <schema> (config revisionsSchema), or name a schema in the search_path (postgres://…?search_path=app)',
      }),
  };
}
