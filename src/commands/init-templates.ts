/**
 * What `cairn init` writes for each database: the DSL entry point and sample schema.ts, the
 * default target when `--url` is not given, the dev database `cairn diff` replays on, and the
 * local files to keep out of git. Data, looked up by the dialect's name: init itself does the
 * same thing for every database.
 */
import type { DialectName } from '../dialects/types.js';

export interface InitTemplate {
  /** What the database is called in the dialect question. */
  readonly label: string;
  readonly hint: string;
  /** The target `url` falls back to when DATABASE_URL is unset; undefined where a server is needed. */
  readonly defaultUrl?: string;
  /** Where there is no default: what a target URL looks like, for the note (password masked). */
  readonly exampleUrl?: string;
  /** The config's `devUrl` line (with its comment), or comment lines saying why there is none. */
  readonly devUrl: string;
  /** The sample schema.ts. */
  readonly schema: string;
  /** .gitignore lines for local state besides `.cairn/`. */
  readonly ignore: readonly string[];
}

/** The dialect question's order, and the one chosen off a terminal without `--dialect` or a URL. */
export const INIT_DIALECTS: readonly DialectName[] = ['postgres', 'mysql', 'sqlite'];
export const DEFAULT_INIT_DIALECT: DialectName = 'postgres';

export const INIT_TEMPLATES: Readonly<Record<DialectName, InitTemplate>> = {
  postgres: {
    label: 'PostgreSQL',
    hint: 'embedded PGlite for development, no server needed',
    defaultUrl: 'pglite:./.cairn/local',
    devUrl: `  // The database \`cairn diff\` replays the directory on. Embedded PostgreSQL: no server needed.
  devUrl: 'pglite:memory',
`,
    schema: `import { table, bigserial, text, timestamptz, sql } from 'cairn-migrate/dsl';

// The schema you want. \`cairn diff <name>\` writes the migration that gets the database there.
export const users = table('users', {
  id: bigserial().primaryKey(),
  email: text().notNull().unique(),
  created_at: timestamptz().notNull().default(sql\`now()\`),
});
`,
    ignore: [],
  },
  mysql: {
    label: 'MySQL / MariaDB',
    hint: 'needs a server: set DATABASE_URL',
    exampleUrl: 'mysql://app:****@127.0.0.1:3306/app',
    devUrl: `  // The server \`cairn diff\` replays the directory on: MySQL has no embedded mode. Without
  // devUrl, diff creates (and drops) a scratch database on the target's server, which needs
  // CREATE and DROP rights there; or name a server of your own, such as a local one:
  // devUrl: 'mysql://root@127.0.0.1:3306/',
`,
    schema: `import { table, bigint, varchar, timestamp } from 'cairn-migrate/dsl/mysql';

// The schema you want. \`cairn diff <name>\` writes the migration that gets the database there.
export const users = table('users', {
  id: bigint().unsigned().autoIncrement().primaryKey(),
  email: varchar(255).notNull().unique(),
  created_at: timestamp().notNull().defaultNow(),
}, undefined, { engine: 'InnoDB', charset: 'utf8mb4' });
`,
    ignore: [],
  },
  sqlite: {
    label: 'SQLite',
    hint: 'a file, ./dev.db',
    defaultUrl: 'sqlite:./dev.db',
    devUrl: `  // The database \`cairn diff\` replays the directory on: an in-memory SQLite, nothing to set up.
  devUrl: 'sqlite::memory:',
`,
    schema: `import { table, integer, text, sql } from 'cairn-migrate/dsl/sqlite';

// The schema you want. \`cairn diff <name>\` writes the migration that gets the database there.
export const users = table('users', {
  id: integer().primaryKey().autoIncrement(),
  email: text().notNull().unique(),
  created_at: text().notNull().default(sql\`CURRENT_TIMESTAMP\`),
});
`,
    ignore: ['dev.db*'],
  },
};
