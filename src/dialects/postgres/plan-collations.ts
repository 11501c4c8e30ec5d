/**
 * Planning collations and text search configurations: schema-level objects that columns,
 * indexes, domains and expressions name, so they are created before types and tables and
 * dropped after them. Neither can be altered in place (beyond a configuration's mappings).
 */
import type { Collation, Realm, TextSearchConfig, TextSearchMapping } from '../../schema/model.js';
import { CairnError } from '../../errors.js';
import type { Builder } from './plan-builder.js';
import { setComment } from './plan-comments.js';
import { literal, q } from './plan-sql.js';

/** createCollation renders CREATE COLLATION from the catalog's fields (the `FROM` form is not kept). */
export function createCollation(c: Collation): string {
  const o = [`provider = ${c.provider}`];
  if (c.provider === 'libc') o.push(`lc_collate = ${literal(c.lcCollate ?? '')}`, `lc_ctype = ${literal(c.lcCtype ?? '')}`);
  else o.push(`locale = ${literal(c.locale ?? '')}`);
  if (!c.deterministic) o.push('deterministic = false');
  if (c.rules !== undefined) o.push(`rules = ${literal(c.rules)}`);
  return `CREATE COLLATION ${q(c)} (${o.join(', ')})`;
}
const dropCollationSql = (c: Collation) => `DROP COLLATION ${q(c)}`;
const collationWhat = (c: Collation) => `collation ${c.schema}.${c.name}`;

export function addCollation(b: Builder, c: Collation): void {
  b.add('collations', createCollation(c), dropCollationSql(c), `create ${collationWhat(c)}`);
  setComment(b, 'comments', { on: 'collation', ref: c }, undefined, c.comment);
}

export function dropCollation(b: Builder, c: Collation): void {
  setComment(b, 'dropCollation', { on: 'collation', ref: c }, c.comment, undefined);
  b.add('dropCollation', dropCollationSql(c), createCollation(c), `drop ${collationWhat(c)}`);
}

/**
 * modifyCollation re-creates a collation (there is no ALTER for its locale or provider), which
 * PostgreSQL refuses while anything uses it: then the plan stops here, naming the users.
 */
export function modifyCollation(b: Builder, f: Collation, t: Collation, from: Realm): void {
  const users = collationUsers(from, f);
  if (users.length) {
    throw new CairnError('SCHEMA', `${collationWhat(t)} changes, which needs DROP and CREATE COLLATION, but ${users.slice(0, 5).join(', ')}${users.length > 5 ? ` and ${users.length - 5} more` : ''} use${users.length === 1 ? 's' : ''} it`, {
      details: { collation: `${t.schema}.${t.name}`, users },
      hint: 'create a collation under a new name, move the columns to it, then drop the old one',
    });
  }
  b.add('collations', dropCollationSql(f), createCollation(f), `drop ${collationWhat(f)} to re-create it`);
  b.add('collations', createCollation(t), dropCollationSql(t), `create ${collationWhat(t)}`);
}

/** collationUsers names the columns, index keys, domains and composite fields of `realm` using `c`. */
export function collationUsers(realm: Realm, c: Collation): string[] {
  const uses = (s: string | undefined) => {
    const r = s === undefined ? undefined : parseQualified(s);
    return r !== undefined && r.schema === c.schema && r.name === c.name;
  };
  const out: string[] = [];
  for (const s of realm.schemas) {
    for (const t of s.tables) {
      for (const col of t.columns) if (uses(col.collation)) out.push(`column ${t.schema}.${t.name}.${col.name}`);
      for (const i of t.indexes) if (i.parts.some((p) => uses(p.collation))) out.push(`index ${t.schema}.${i.name}`);
    }
    for (const d of s.domains) if (uses(d.collation)) out.push(`domain ${d.schema}.${d.name}`);
    for (const k of s.composites) for (const f of k.fields) if (uses(f.collation)) out.push(`type ${k.schema}.${k.name}.${f.name}`);
  }
  return out;
}

/** parseQualified reads `schema.name` as quote_ident prints it (`"My Schema".ci`). */
function parseQualified(s: string): { schema: string; name: string } | undefined {
  const part = '("(?:[^"]|"")+"|[^."]+)';
  const m = new RegExp(`^${part}\\.${part}$`).exec(s);
  const un = (p: string) => (p.startsWith('"') ? p.slice(1, -1).replace(/""/g, '"') : p);
  return m ? { schema: un(m[1]), name: un(m[2]) } : undefined;
}

// Text search configurations.

const tsWhat = (c: TextSearchConfig) => `text search configuration ${c.schema}.${c.name}`;
const alterTs = (c: TextSearchConfig) => `ALTER TEXT SEARCH CONFIGURATION ${q(c)}`;
/** Token types and dictionaries are names, written as the catalog prints them (quoted when needed). */
const mappingSql = (c: TextSearchConfig, verb: 'ADD' | 'ALTER', tokens: readonly string[], dicts: readonly string[]) =>
  `${alterTs(c)} ${verb} MAPPING FOR ${tokens.join(', ')} WITH ${dicts.join(', ')}`;
const dropMappingSql = (c: TextSearchConfig, tokens: readonly string[]) => `${alterTs(c)} DROP MAPPING FOR ${tokens.join(', ')}`;

/** byDictionaries groups mappings that use the same dictionaries, for one statement per group. */
function byDictionaries(ms: readonly TextSearchMapping[]): { tokens: string[]; dicts: readonly string[] }[] {
  const groups = new Map<string, { tokens: string[]; dicts: readonly string[] }>();
  for (const m of ms) {
    const k = m.dictionaries.join('\0');
    if (!groups.has(k)) groups.set(k, { tokens: [], dicts: m.dictionaries });
    groups.get(k)!.tokens.push(m.token);
  }
  return [...groups.values()];
}

/** createTs plans CREATE with the parser (no mappings), then one ADD MAPPING per group. */
function createTs(b: Builder, c: TextSearchConfig): void {
  const phase = 'textSearch';
  b.add(phase, `CREATE TEXT SEARCH CONFIGURATION ${q(c)} (PARSER = ${c.parser})`, `DROP TEXT SEARCH CONFIGURATION ${q(c)}`, `create ${tsWhat(c)}`);
  for (const g of byDictionaries(c.mappings)) b.add(phase, mappingSql(c, 'ADD', g.tokens, g.dicts), dropMappingSql(c, g.tokens), `map ${g.tokens.join(', ')} in ${tsWhat(c)}`);
}

/** createTextSearchConfigSql is the whole definition as statements, for `inspect --format ts`. */
export function createTextSearchConfigSql(c: TextSearchConfig): string[] {
  return [`CREATE TEXT SEARCH CONFIGURATION ${q(c)} (PARSER = ${c.parser})`, ...byDictionaries(c.mappings).map((g) => mappingSql(c, 'ADD', g.tokens, g.dicts))];
}

/** The drop's reverse re-creates the configuration, then its mappings: a reverse of several statements. */
const recreateTs = (c: TextSearchConfig) => createTextSearchConfigSql(c);

export function addTextSearchConfig(b: Builder, c: TextSearchConfig): void {
  createTs(b, c);
  setComment(b, 'comments', { on: 'text search configuration', ref: c }, undefined, c.comment);
}

export function dropTextSearchConfig(b: Builder, c: TextSearchConfig): void {
  setComment(b, 'dropTextSearch', { on: 'text search configuration', ref: c }, c.comment, undefined);
  b.add('dropTextSearch', `DROP TEXT SEARCH CONFIGURATION ${q(c)}`, recreateTs(c), `drop ${tsWhat(c)}`);
}

/**
 * modifyTextSearchConfig alters mappings in place (allowed while columns and indexes use the
 * configuration); a new parser needs DROP and CREATE, which PostgreSQL refuses while it is used.
 */
export function modifyTextSearchConfig(b: Builder, f: TextSearchConfig, t: TextSearchConfig): void {
  if (f.parser !== t.parser) {
    b.add('textSearch', `DROP TEXT SEARCH CONFIGURATION ${q(f)}`, recreateTs(f), `drop ${tsWhat(f)} to change its parser`);
    createTs(b, t);
    return;
  }
  const old = new Map(f.mappings.map((m) => [m.token, m.dictionaries]));
  const now = new Map(t.mappings.map((m) => [m.token, m.dictionaries]));
  const dropped = f.mappings.filter((m) => !now.has(m.token));
  const added = t.mappings.filter((m) => !old.has(m.token));
  const changed = t.mappings.filter((m) => old.has(m.token) && old.get(m.token)!.join('\0') !== m.dictionaries.join('\0'));
  for (const g of byDictionaries(dropped)) b.add('textSearch', dropMappingSql(t, g.tokens), mappingSql(t, 'ADD', g.tokens, g.dicts), `unmap ${g.tokens.join(', ')} in ${tsWhat(t)}`);
  for (const g of byDictionaries(added)) b.add('textSearch', mappingSql(t, 'ADD', g.tokens, g.dicts), dropMappingSql(t, g.tokens), `map ${g.tokens.join(', ')} in ${tsWhat(t)}`);
  for (const g of byDictionaries(changed)) {
    // The reverse maps each token back to its own old dictionaries.
    const back = byDictionaries(changed.filter((m) => g.tokens.includes(m.token)).map((m) => ({ token: m.token, dictionaries: old.get(m.token)! })));
    b.add('textSearch', mappingSql(t, 'ALTER', g.tokens, g.dicts), back.map((x) => mappingSql(t, 'ALTER', x.tokens, x.dicts)), `re-map ${g.tokens.join(', ')} in ${tsWhat(t)}`);
  }
}
