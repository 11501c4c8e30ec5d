/**
 * The extension versions a built state keeps: those its SQL pinned, read off the statements as
 * they run on the dev database (see extension-versions.ts for why no others count).
 */
import type { Connection, Dialect } from '../dialects/types.js';
import type { Realm } from '../schema/model.js';
import { withoutVersion } from './extension-versions.js';

/** The part of a connection that replaying and loading SQL use. */
type SqlTarget = Pick<Connection, 'exec' | 'query' | 'dialect'> & Partial<Pick<Connection, 'client' | 'idleWatch'>>;

/**
 * ExtensionPins follows, statement by statement in the order they run, the versions the SQL
 * building a state pins explicitly (the dialect's `extensionVersionEvents`), and then keeps
 * those versions, and no others, in the state inspected afterwards.
 */
export class ExtensionPins {
  private readonly pins = new Map<string, string>();

  constructor(private readonly dialect: Pick<Dialect, 'extensionVersionEvents'>) {}

  /** The pins of SQL texts, in order. */
  static of(dialect: Pick<Dialect, 'extensionVersionEvents'>, texts: Iterable<string>): ExtensionPins {
    const pins = new ExtensionPins(dialect);
    for (const t of texts) pins.see(t);
    return pins;
  }

  /** Reads what one SQL text, as run, does to explicit versions. */
  see(sql: string): void {
    for (const e of this.dialect.extensionVersionEvents?.(sql) ?? []) {
      if (e.version === undefined) this.pins.delete(e.name);
      else this.pins.set(e.name, e.version);
    }
  }

  /**
   * `conn` reading every statement run through it (SQL migrations, and TypeScript migrations'
   * `tx.exec` / `tx.query`), so a replay's pins are those of what actually ran.
   */
  watch<C extends SqlTarget>(conn: C): SqlTarget {
    return {
      dialect: conn.dialect,
      // A code migration's ctx.client (its query builder) and the never-settles watch see through.
      ...(conn.client !== undefined ? { client: conn.client } : {}),
      ...(conn.idleWatch !== undefined ? { idleWatch: conn.idleWatch } : {}),
      exec: (sql: string) => {
        this.see(sql);
        return conn.exec(sql);
      },
      query: <T = Record<string, unknown>>(sql: string, params?: readonly unknown[]) => {
        this.see(sql);
        return conn.query<T>(sql, params);
      },
    };
  }

  /**
   * keep: a built realm with each extension's version only where the SQL pinned that very
   * version (a pin another statement undid, a DROP SCHEMA … CASCADE say, no longer matches).
   */
  keep(realm: Realm): Realm {
    return { ...realm, extensions: realm.extensions.map((e) => (e.version !== undefined && this.pins.get(e.name) === e.version ? e : withoutVersion(e))) };
  }
}
