/**
 * MySQL/MariaDB's own lint rules (the generic ones live in src/lint/rules/):
 *
 * - MY101: an ALTER that makes the server copy the table (ALGORITHM=COPY) on the dev database's
 *   server version, judged by the online DDL table in lint-online-ddl.ts. A statement that names
 *   ALGORITHM=INSTANT, INPLACE or NOCOPY and ran on the dev database did not copy: the server
 *   refuses such a statement rather than copy, which is why the fix suggests it.
 * - MY102: DDL commits implicitly on MySQL, so data changes before a schema change in the same
 *   file are committed at that point and cannot be rolled back with it. Data changes of the very
 *   table the DDL alters are the preparation the data-dependent rules ask for (a backfill before
 *   NOT NULL, a clean-up before UNIQUE) and are not counted.
 */
import type { Change } from '../../diff/changes.js';
import type { ObjectRef, Realm } from '../../schema/model.js';
import type { FilePass, Finding, LintRule, StatementPass } from '../../lint/types.js';
import { attrOf, schemaAttrs } from './attrs.js';
import { capabilitiesOf, DEFAULT_SERVER, parseServerVersion, serverLabel, type ServerInfo } from './capabilities.js';
import { copyReasons, type CopyReason } from './lint-online-ddl.js';

/** The server the passes ran on: the realm's `mysql.server` attribute, else the file's server label. */
function serverOf(p: StatementPass): ServerInfo {
  const attr = p.before.schemas.map((s) => attrOf(schemaAttrs(s), 'mysql.server')).find((a) => a !== undefined);
  if (attr) return parseServerVersion(`${attr.version}${attr.flavor === 'mariadb' ? '-MariaDB' : ''}`);
  const label = p.file.server?.label ?? '';
  const v = /\d+\.\d+(?:\.\d+)?/.exec(label);
  return v ? parseServerVersion(`${v[0]}${/mariadb/i.test(label) || p.file.server?.flavor === 'mariadb' ? '-MariaDB' : ''}`) : DEFAULT_SERVER;
}

const findTable = (r: Realm, ref: ObjectRef) => r.schemas.find((s) => s.name === ref.schema)?.tables.find((t) => t.name === ref.name);

/** Created by the change under review (and not a deployed table of the same name): empty, unused. */
const isNewTable = (p: StatementPass, ref: ObjectRef) => p.newTables.has(`${ref.schema}.${ref.name}`) && findTable(p.deployed, ref) === undefined;

/** The tables a statement's changes touch (by their names after it). */
function tablesOf(changes: readonly Change[]): ObjectRef[] {
  const out = new Map<string, ObjectRef>();
  for (const c of changes) {
    const t = c.kind === 'ModifyTable' || c.kind === 'RenameTable' ? c.to : 'table' in c && typeof c.table === 'object' ? (c.table as ObjectRef) : undefined;
    if (t) out.set(`${t.schema}.${t.name}`, { schema: t.schema, name: t.name });
  }
  return [...out.values()];
}

/** The statement names the algorithm itself; having run on the dev database, it did not copy. */
const EXPLICIT_IN_PLACE = /\bALGORITHM\s*=?\s*(INSTANT|INPLACE|NOCOPY)\b/i;

/** `SET foreign_key_checks = 0` (any spelling, mysqldump's executable comments included): the value set, else undefined. */
function foreignKeyChecksSet(text: string): boolean | undefined {
  const m = /\bforeign_key_checks\s*=\s*'?(\w+)/i.exec(text);
  return m ? !/^(0|off|false)$/i.test(m[1]!) : undefined;
}

const FIXES: Record<CopyReason['kind'], string> = {
  type: 'add a new column with the new type instead (ADD COLUMN does not copy), backfill it in batches and move the application to it; or run this ALTER with an online schema change tool (gh-ost, pt-online-schema-change)',
  charset: 'run this ALTER with an online schema change tool (gh-ost, pt-online-schema-change), or at a time when writes to the table can wait',
  collation: 'run this ALTER with an online schema change tool (gh-ost, pt-online-schema-change), or at a time when writes to the table can wait',
  engine: 'run this ALTER with an online schema change tool (gh-ost, pt-online-schema-change), or at a time when writes to the table can wait',
  primaryKey: 'drop the old primary key and add the new one in the same ALTER TABLE (DROP PRIMARY KEY, ADD PRIMARY KEY (…)): the server then rebuilds the table in place, without blocking writes',
  foreignKey: 'switch the check off around the statement (SET foreign_key_checks = 0 before it, SET foreign_key_checks = 1 after): the server then adds the key in place without reading the rows, so look for orphan rows yourself first',
  check: 'run this ALTER with an online schema change tool (gh-ost, pt-online-schema-change), or at a time when writes to the table can wait',
  stored: 'make the generated column VIRTUAL (added without a copy; index it if it must be fast), or run the ALTER with an online schema change tool',
  autoIncrement: 'run this ALTER with an online schema change tool (gh-ost, pt-online-schema-change), or at a time when writes to the table can wait',
};

export const MY101: LintRule = Object.freeze({
  code: 'MY101',
  family: 'table-copy',
  severity: 'warning',
  summary: 'ALTER that copies the whole table (not INSTANT or INPLACE on this server)',
  checkFile(fp: FilePass): readonly Finding[] {
    const out: Finding[] = [];
    let foreignKeyChecks = true;
    for (const p of fp.statements) {
      const set = foreignKeyChecksSet(p.statement.text);
      if (set !== undefined) foreignKeyChecks = set;
      if (p.changes.length === 0 || EXPLICIT_IN_PLACE.test(p.statement.text)) continue;
      const server = serverOf(p);
      const caps = capabilitiesOf(server);
      for (const t of tablesOf(p.changes)) {
        if (isNewTable(p, t)) continue;
        const schema = (r: Realm) => r.schemas.find((s) => s.name === t.schema);
        const reasons = copyReasons(t.name, p.changes, {
          caps, foreignKeyChecks,
          tableBefore: (n) => findTable(p.before, { schema: t.schema, name: n }) ?? p.changes.flatMap((c) => (c.kind === 'RenameTable' && c.to.name === n ? [c.from] : []))[0],
          tableAfter: (n) => findTable(p.after, { schema: t.schema, name: n }),
          schemaBefore: schema(p.before), schemaAfter: schema(p.after),
        });
        if (reasons.length === 0) continue;
        const what = reasons.length > 3 ? `${reasons.slice(0, 3).map((r) => r.what).join('; ')}; and ${reasons.length - 3} more` : reasons.map((r) => r.what).join('; ');
        out.push({
          statement: p.index,
          message: `makes ${serverLabel(server)} copy table ${t.name} row by row (it cannot ${what} in place): writes to ${t.name} wait until every row is copied, which takes as long as rewriting the whole table, and the copy needs as much free disk space again`,
          fix: `${FIXES[reasons[0]!.kind]}; where the server can do it in place, say so with ALGORITHM=INPLACE (or INSTANT), and it refuses to copy instead of doing it silently`,
        });
      }
    }
    return out;
  },
});

/** A statement that commits implicitly on MySQL/MariaDB (DDL, LOCK TABLES, GRANT...), temporary tables aside. */
const IMPLICIT_COMMIT = /^(CREATE|ALTER|DROP|RENAME|TRUNCATE|LOCK\s+TABLES?|UNLOCK\s+TABLES?|GRANT|REVOKE|ANALYZE\s+TABLE|OPTIMIZE\s+TABLE|REPAIR\s+TABLE|INSTALL|UNINSTALL)\b/i;
const TEMPORARY = /^(CREATE|DROP)\s+TEMPORARY\b/i;
const NAME = String.raw`(?:\x60(?:[^\x60]|\x60\x60)*\x60|"(?:[^"]|"")*"|[\w$]+)(?:\s*\.\s*(?:\x60(?:[^\x60]|\x60\x60)*\x60|"(?:[^"]|"")*"|[\w$]+))?`;
const DML = new RegExp(String.raw`^(?:(?:INSERT|REPLACE)\s+(?:(?:LOW_PRIORITY|DELAYED|HIGH_PRIORITY|IGNORE)\s+)*(?:INTO\s+)?(${NAME})|UPDATE\s+(?:(?:LOW_PRIORITY|IGNORE)\s+)*(${NAME})|DELETE\s+(?:(?:LOW_PRIORITY|QUICK|IGNORE)\s+)*FROM\s+(${NAME}))`, 'i');
const DDL_TABLE = new RegExp(String.raw`^(?:ALTER\s+(?:ONLINE\s+|IGNORE\s+)*TABLE|CREATE\s+(?:OR\s+REPLACE\s+)?TABLE(?:\s+IF\s+NOT\s+EXISTS)?|DROP\s+TABLE(?:\s+IF\s+EXISTS)?|TRUNCATE(?:\s+TABLE)?|RENAME\s+TABLE)\s+(${NAME})|\bON\s+(${NAME})`, 'i');

/** The statement without leading comments (mysqldump's executable comments count as statements). */
function bare(text: string): string {
  let t = text.trimStart();
  for (;;) {
    if (/^(--\s|#)/.test(t)) t = t.slice(t.includes('\n') ? t.indexOf('\n') + 1 : t.length).trimStart();
    else if (t.startsWith('/*') && !t.startsWith('/*!')) t = t.slice(t.includes('*/') ? t.indexOf('*/') + 2 : t.length).trimStart();
    else return t;
  }
}

/** The unqualified, unquoted last part of a name, lower-cased. */
const tableName = (n: string) => n.split(/\s*\.\s*/).pop()!.replace(/^[`"]|[`"]$/g, '').toLowerCase();

const head = (text: string) => {
  const one = text.replace(/\s+/g, ' ').trim();
  return one.length > 50 ? `${one.slice(0, 49)}…` : one;
};

export const MY102: LintRule = Object.freeze({
  code: 'MY102',
  family: 'transaction',
  severity: 'warning',
  summary: 'Statement that commits implicitly after data changes in the same file',
  checkFile(fp: FilePass): readonly Finding[] {
    const out: Finding[] = [];
    let pending: { p: StatementPass; table: string }[] = [];
    for (const p of fp.statements) {
      const text = bare(p.statement.text);
      const dml = DML.exec(text);
      if (dml) {
        pending.push({ p, table: tableName((dml[1] ?? dml[2] ?? dml[3])!) });
        continue;
      }
      if (/^(COMMIT|ROLLBACK)\b/i.test(text)) {
        pending = []; // the file ends its transaction itself
        continue;
      }
      if (!IMPLICIT_COMMIT.test(text) || TEMPORARY.test(text)) continue;
      const own = new Set(tablesOf(p.changes).map((t) => t.name.toLowerCase()));
      const named = DDL_TABLE.exec(text);
      if (named) own.add(tableName((named[1] ?? named[2])!));
      const unrelated = pending.filter((d) => !own.has(d.table));
      pending = [];
      if (unrelated.length === 0) continue;
      const first = unrelated[0]!.p;
      out.push({
        statement: p.index,
        message: `\`${head(p.statement.text)}\` commits implicitly on MySQL/MariaDB: the data change${unrelated.length > 1 ? 's' : ''} before it (\`${head(first.statement.text)}\` on line ${first.statement.start.line}${unrelated.length > 1 ? ` and ${unrelated.length - 1} more` : ''}) ${unrelated.length > 1 ? 'are' : 'is'} committed at this point and cannot be rolled back if this or a later statement fails, leaving the file half-applied`,
        fix: `move the data change${unrelated.length > 1 ? 's' : ''} into a migration file of ${unrelated.length > 1 ? 'their' : 'its'} own, or after the schema changes; a backfill or clean-up of the table the statement alters may stay just before it`,
      });
    }
    return out;
  },
});

export const mysqlLintRules: readonly LintRule[] = Object.freeze([MY101, MY102]);
