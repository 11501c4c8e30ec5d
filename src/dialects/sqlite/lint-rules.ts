/**
 * SQLite's own lint rule (the generic ones live in src/lint/rules/):
 *
 * - LT101: a table rebuild. SQLite's ALTER TABLE adds a column (with a constant default, not a
 *   key), renames, and drops a column nothing depends on; any other change (a type, NOT NULL, a
 *   default, a key, a constraint, STRICT) is made by copying the table: create the new table,
 *   INSERT … SELECT the rows, drop the old one, rename the new one (Drizzle, Prisma and Cairn all
 *   write it so; the older form renames the old table away first). In the passes that shows as
 *   a table the deployed version has going away and coming back under its name in the same
 *   file, with an INSERT … SELECT between the two. The finding is reported at that copy, where
 *   the time goes; the generic rules judge what the rebuild changes (a NOT NULL it adds, a
 *   column it leaves out) at the same statement.
 */
import { diffRealms } from '../../diff/diff.js';
import type { Change } from '../../diff/changes.js';
import { emptySchema, realm } from '../../schema/build.js';
import type { ObjectRef, Realm, Table } from '../../schema/model.js';
import type { FilePass, Finding, LintRule, StatementPass } from '../../lint/types.js';
import { sqliteDiffHooks } from './diff-hooks.js';

const findTable = (r: Realm, ref: ObjectRef) => r.schemas.find((s) => s.name === ref.schema)?.tables.find((t) => t.name === ref.name);
const same = (a: ObjectRef, b: ObjectRef) => a.schema === b.schema && a.name === b.name;

const NAME = String.raw`(?:"(?:[^"]|"")*"|\x60(?:[^\x60]|\x60\x60)*\x60|\[[^\]]*\]|[\w$]+)(?:\s*\.\s*(?:"(?:[^"]|"")*"|\x60(?:[^\x60]|\x60\x60)*\x60|\[[^\]]*\]|[\w$]+))?`;
const COPY = new RegExp(String.raw`^\s*(?:INSERT|REPLACE)\s+(?:OR\s+\w+\s+)?INTO\s+(${NAME})[\s\S]*?\bSELECT\b[\s\S]*?\bFROM\s+(${NAME})|^\s*CREATE\s+TABLE\s+(?:IF\s+NOT\s+EXISTS\s+)?(${NAME})\s+AS\s+[\s\S]*?\bFROM\s+(${NAME})`, 'i');
const unquoted = (n: string) => n.split(/\s*\.\s*/).pop()!.replace(/^["`[]|["`\]]$/g, '').toLowerCase();

/** The tables an `INSERT INTO a … SELECT … FROM b` (or CREATE TABLE a AS SELECT … FROM b) copies between. */
function copyOf(text: string): { into: string; from: string } | undefined {
  const m = COPY.exec(text.replace(/^\s*(--[^\n]*\n\s*)+/, ''));
  if (!m) return undefined;
  const [into, from] = [unquoted((m[1] ?? m[3])!), unquoted((m[2] ?? m[4])!)];
  return into === from ? undefined : { into, from };
}

/**
 * The columns a copy moves under another name (`INSERT INTO new (user_id) SELECT userId …`): the
 * rebuild renames them, so the description says so rather than "drops userId, adds user_id".
 */
function copyRenames(text: string, old: Table, rebuilt: Table): { from: string; to: string }[] {
  const m = new RegExp(String.raw`INTO\s+${NAME}\s*\(([^)]*)\)\s*SELECT\s+([\s\S]*?)\s+FROM\s`, 'i').exec(text);
  if (!m) return [];
  const split = (list: string) => list.split(',').map((x) => unquoted(x.trim()));
  const [targets, sources] = [split(m[1]!), split(m[2]!)];
  return targets.flatMap((to, i) => {
    const from = old.columns.find((c) => c.name.toLowerCase() === sources[i])?.name;
    const target = rebuilt.columns.find((c) => c.name.toLowerCase() === to)?.name;
    return from && target && from !== target && !rebuilt.columns.some((c) => c.name === from) && !old.columns.some((c) => c.name === target) ? [{ from, to: target }] : [];
  });
}

interface Rebuild {
  readonly table: ObjectRef;
  readonly copy: StatementPass;
  readonly old: Table;
  /** The table as it comes back (later statements of the file are their own changes). */
  readonly rebuilt: Table;
}

function rebuilds(fp: FilePass): Rebuild[] {
  const out: Rebuild[] = [];
  for (const p of fp.statements) {
    for (const c of p.changes) {
      const gone = c.kind === 'DropTable' ? c.table : c.kind === 'RenameTable' ? c.from : undefined;
      // Only a table the deployed version has holds rows worth a rebuild's copy.
      if (!gone || findTable(p.deployed, gone) === undefined || out.some((r) => same(r.table, gone))) continue;
      const old = findTable(p.before, gone);
      const back = fp.statements.find((q) => q.index > p.index && q.changes.some((x) => (x.kind === 'AddTable' && same(x.table, gone)) || (x.kind === 'RenameTable' && same(x.to, gone))));
      const rebuilt = back && findTable(back.after, gone);
      const name = gone.name.toLowerCase();
      const copy = fp.statements.find((q) => {
        const cp = copyOf(q.statement.text);
        return cp !== undefined && (cp.into === name || cp.from === name);
      });
      if (old && rebuilt && back && copy) out.push({ table: { schema: gone.schema, name: gone.name }, copy, old, rebuilt });
    }
  }
  return out;
}

/** What a rebuild changes, in a few words for the message. */
function describe(changes: readonly Change[]): string {
  const parts: string[] = [];
  for (const c of changes) {
    switch (c.kind) {
      case 'ModifyColumn':
        for (const k of c.kinds) {
          if (k === 'type') parts.push(`${c.to.name} becomes ${c.to.type.sql || 'untyped'}`);
          else if (k === 'nullable') parts.push(`${c.to.name} becomes ${c.to.nullable ? 'nullable' : 'NOT NULL'}`);
          else if (k === 'default') parts.push(`${c.to.name} gets ${c.to.default === undefined ? 'no default' : `DEFAULT ${c.to.default}`}`);
          else parts.push(`${c.to.name} changes its ${k}`);
        }
        break;
      case 'RenameColumn': parts.push(`renames ${c.from.name} to ${c.to.name}`); break;
      case 'AddColumn': parts.push(`adds ${c.column.name}`); break;
      case 'DropColumn': parts.push(`drops ${c.column.name}`); break;
      case 'AddPrimaryKey': case 'DropPrimaryKey': parts.push('changes the primary key'); break;
      case 'AddConstraint': parts.push(`adds ${c.type === 'foreignKey' ? 'a foreign key' : c.type === 'check' ? 'a CHECK' : 'a UNIQUE'} constraint`); break;
      case 'DropConstraint': parts.push(`drops ${c.type === 'foreignKey' ? 'a foreign key' : c.type === 'check' ? 'a CHECK' : 'a UNIQUE'} constraint`); break;
      case 'ModifyTable': parts.push('changes table options'); break;
      default: break;
    }
  }
  const unique = [...new Set(parts)];
  if (unique.length === 0) return 'its definition is re-created as it was, or with columns reordered';
  return unique.length > 3 ? `${unique.slice(0, 3).join(', ')} and more` : unique.join(', ');
}

export const LT101: LintRule = Object.freeze({
  code: 'LT101',
  family: 'table-copy',
  severity: 'warning',
  summary: 'Table rebuilt by copying every row (a change SQLite cannot make with ALTER TABLE)',
  checkFile(fp: FilePass): readonly Finding[] {
    return rebuilds(fp).map((r): Finding => {
      const side = (t: Table) => realm([{ ...emptySchema(t.schema), tables: [t] }]);
      const renames = copyRenames(r.copy.statement.text, r.old, r.rebuilt).map((x) => ({ schema: r.table.schema, table: r.rebuilt.name, ...x }));
      const changes = diffRealms(side(r.old), side(r.rebuilt), { hooks: sqliteDiffHooks, allowDrop: true, renames });
      return {
        statement: r.copy.index,
        message: `rebuilds table ${r.table.name} (${describe(changes)}): SQLite cannot make this change with ALTER TABLE, so every row is copied into a new table while the write lock on the whole database is held, and every other writer waits (or fails with SQLITE_BUSY) until the copy, the drop and the re-created indexes and triggers are done`,
        fix: `if the change only adds a column, use ALTER TABLE ${r.table.name} ADD COLUMN (nullable, or NOT NULL with a constant default): no rebuild; renames and DROP COLUMN also run in place. Otherwise add a new column, fill it with UPDATE and move the application to it, or run the rebuild when writes can wait and keep it with \`-- cairn:nolint LT101\``,
      };
    });
  },
});

export const sqliteLintRules: readonly LintRule[] = Object.freeze([LT101]);
