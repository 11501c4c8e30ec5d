/**
 * chooseDevDatabase: which dialect a `diff` (or `push`, `dev`) is for, and which dev database it
 * uses. The dialect comes from the first of: the dev URL, the live `--from`/`--to` database, the
 * project's target URL (config `url`); PostgreSQL only when none of them says (a project with
 * no database configured yet). A MySQL or SQLite project never silently gets a PostgreSQL dev
 * database. Without a dev URL, the engine's own default is used (PGlite, in-memory SQLite);
 * where there is none (MySQL: no embedded server), a scratch database on the target's server.
 */
import { defaultDialect, dialectFor, isDatabaseUrl, isEmbedded } from '../dialects/registry.js';
import { redactUrl } from '../dialects/url.js';
import type { Dialect } from '../dialects/types.js';
import { CairnError } from '../errors.js';
import type { SchemaEngine } from '../engine/types.js';
import { schemaEngineFor } from './inspect.js';

export interface DevChoiceInput {
  readonly devUrl?: string;
  /** Live sides of the diff, when they are databases. */
  readonly from?: string;
  readonly to?: string;
  /** The project's target database (config `url`, DATABASE_URL), for its dialect only. */
  readonly target?: string;
}

export interface DevChoice {
  readonly dialect: Dialect;
  readonly engine: SchemaEngine;
  readonly devUrl: string;
  /** Said when the dev database was not asked for (a scratch database on the target's server). */
  readonly note?: string;
}

export async function chooseDevDatabase(o: DevChoiceInput): Promise<DevChoice> {
  const urls = [o.devUrl, o.from, o.to, o.target].filter((u): u is string => u !== undefined && isDatabaseUrl(u));
  const dialect = urls.length > 0 ? dialectFor(urls[0]) : defaultDialect;
  for (const u of [o.from, o.to].filter((x): x is string => x !== undefined && isDatabaseUrl(x))) {
    if (dialectFor(u).name !== dialect.name) {
      throw new CairnError('USAGE', `${redactUrl(u)} is a ${dialectFor(u).displayName} database and the dev database ${redactUrl(urls[0])} is ${dialect.displayName}`, {
        hint: 'a diff compares two states of one kind of database: pass a --dev-url of the same kind',
      });
    }
  }
  const engine = await schemaEngineFor(dialect);
  if (o.devUrl !== undefined) return { dialect, engine, devUrl: o.devUrl };
  if (engine.defaultDevUrl !== undefined) return { dialect, engine, devUrl: engine.defaultDevUrl };
  const server = [o.from, o.to, o.target].find((u): u is string => u !== undefined && isDatabaseUrl(u) && !isEmbedded(u));
  if (server !== undefined) {
    return { dialect, engine, devUrl: server, note: `dev database: a scratch cairn_dev_* database on the server of ${redactUrl(server)} (${dialect.displayName} has no embedded one; --dev-url chooses another server)` };
  }
  throw new CairnError('USAGE', `${dialect.displayName} has no embedded dev database: pass --dev-url with a server where Cairn may create and drop its own scratch database`, {
    hint: `for example --dev-url mysql://root@127.0.0.1:3306/ (or set devUrl in cairn.config.ts)`,
  });
}
