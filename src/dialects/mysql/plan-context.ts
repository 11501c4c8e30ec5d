/**
 * What every part of the MySQL planner shares: the phases statements are collected into, the
 * server's capabilities, both realms, and the database defaults a table falls back to.
 *
 * Phases, in the order statements run. Views and triggers that go or change are dropped first
 * (by name; the down part re-creates them once the old names are back), then tables are renamed,
 * so that everything after names tables as the desired state does. Foreign keys and checks that
 * go or change are dropped before the columns they read change, and created after. Indexes are added before
 * others are dropped (an index a foreign key still needs can only go once another serves it; an
 * index replaced under its own name is one statement). AUTO_INCREMENT is taken off a column
 * before its key goes and put on after its key exists; a column that leaves the primary key
 * becomes nullable after the key is dropped. Columns are moved into the desired order last.
 */
import { PhasedBuilder } from '../../plan/builder.js';
import type { Change } from '../../diff/changes.js';
import type { Realm } from '../../schema/model.js';
import { capabilitiesOf, DEFAULT_SERVER, type MysqlCapabilities, type ServerInfo } from './capabilities.js';
import { attrOf, schemaAttrs } from './attrs.js';
import { quoteIdent } from './sql-text.js';

export const PHASES = [
  'dropView', 'dropTrigger', 'renameTable', 'dropForeignKey', 'dropCheck', 'renameColumn', 'renameIndex',
  'createTable', 'columnsEarly', 'tableOptions', 'addColumn', 'modifyColumn', 'primaryKey', 'indexes',
  'dropIndex', 'dropPrimaryKey', 'dropColumn', 'columnsLate', 'reorder', 'dropTable',
  'checks', 'foreignKeys', 'views', 'triggers', 'comments',
] as const;
export type Phase = (typeof PHASES)[number];

/** Builder is the planner kit's collector with MySQL's phases. */
export class Builder extends PhasedBuilder<Phase> {
  constructor() {
    super(PHASES);
  }
}

/** What a table without its own options gets: the database's default collation and the server's default engine. */
export interface DatabaseDefaults {
  readonly collation?: string;
  readonly engine?: string;
}

export interface Ctx {
  readonly b: Builder;
  readonly caps: MysqlCapabilities;
  readonly from: Realm;
  readonly to: Realm;
  readonly changes: readonly Change[];
  /** The defaults of the database each side was read from: an option a table leaves out means its side's default. */
  readonly defaults: { readonly from: DatabaseDefaults; readonly to: DatabaseDefaults };
  /** Changes already planned inside another change's statement (an index dropped and added under one name). */
  readonly done: Set<Change>;
}

/** serverOfRealms: the server that read `to` (else `from`): the plan is written for it. */
function serverOfRealms(from: Realm, to: Realm): ServerInfo {
  for (const r of [to, from]) {
    const a = attrOf(schemaAttrs(r.schemas[0]), 'mysql.server');
    if (a) {
      const v = a.version.split('.').map(Number);
      return { flavor: a.flavor, version: [v[0] ?? 0, v[1] ?? 0, v[2] ?? 0] };
    }
  }
  return DEFAULT_SERVER;
}

/** defaultsOf: a realm's database defaults (where it does not say, the other side's). */
function defaultsOf(r: Realm, other: Realm): DatabaseDefaults {
  const a = attrOf(schemaAttrs(r.schemas[0]), 'mysql.database') ?? attrOf(schemaAttrs(other.schemas[0]), 'mysql.database');
  return { collation: a?.collation, engine: a?.engine };
}

export function newContext(changes: readonly Change[], from: Realm, to: Realm): Ctx {
  return { b: new Builder(), caps: capabilitiesOf(serverOfRealms(from, to)), from, to, changes, defaults: { from: defaultsOf(from, to), to: defaultsOf(to, from) }, done: new Set() };
}

/** alter starts a statement on a table (by its desired name: renames run first). */
export const alterTable = (name: string): string => `ALTER TABLE ${quoteIdent(name)}`;
