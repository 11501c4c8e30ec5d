/**
 * Planning schema-level objects other than tables and views: schemas, extensions, enums,
 * domains and sequences.
 */
import type { Composite, CompositeField, Domain, Enum, Extension, Func, Schema, Sequence } from '../../schema/model.js';
import type { VersionedExtension } from '../../diff/changes.js';
import { CairnError } from '../../errors.js';
import { nameKey, type Builder } from './plan-builder.js';
import { setComment } from './plan-comments.js';
import { literal, q, quoteIdent, sequenceOptions } from './plan-sql.js';

export function addSchema(b: Builder, s: Schema): void {
  b.add('createSchema', `CREATE SCHEMA ${quoteIdent(s.name)}`, `DROP SCHEMA ${quoteIdent(s.name)}`, `create schema ${s.name}`);
}

export function dropSchema(b: Builder, s: Schema): void {
  b.add('dropSchema', `DROP SCHEMA ${quoteIdent(s.name)}`, `CREATE SCHEMA ${quoteIdent(s.name)}`, `drop schema ${s.name}`);
}

/** CREATE EXTENSION pins the version the desired state has, when it has a significant one (see `Extension.version`). */
const createExtension = (e: Extension) => `CREATE EXTENSION IF NOT EXISTS ${quoteIdent(e.name)} WITH SCHEMA ${quoteIdent(e.schema)}${e.version ? ` VERSION ${literal(e.version)}` : ''}`;

export function addExtension(b: Builder, e: Extension): void {
  b.add('createExtension', createExtension(e), `DROP EXTENSION ${quoteIdent(e.name)}`, `create extension ${e.name}`);
}

export function dropExtension(b: Builder, e: Extension): void {
  b.add('dropExtension', `DROP EXTENSION ${quoteIdent(e.name)}`, createExtension(e), `drop extension ${e.name}`);
}

/**
 * modifyExtension updates an extension in place (`ALTER EXTENSION ... UPDATE TO`). Extensions
 * ship update scripts forwards only, so going back to an older version (a downgrade, and the down
 * part of an update) drops and re-creates the extension at that version: PostgreSQL refuses it
 * while objects use the extension (a column of its type, an index with its operator class).
 * A downgrade is two statements, DROP then CREATE, each undone on its own in the down part.
 */
export function modifyExtension(b: Builder, f: VersionedExtension, t: VersionedExtension): void {
  const up = compareVersions(t.version, f.version) > 0;
  const what = `${up ? 'update' : 'downgrade'} extension ${t.name} from version ${f.version} to ${t.version}`;
  const update = (to: VersionedExtension) => `ALTER EXTENSION ${quoteIdent(to.name)} UPDATE TO ${literal(to.version)}`;
  const drop = `DROP EXTENSION ${quoteIdent(t.name)}`;
  if (up) {
    b.add('createExtension', update(t), [drop, createExtension(f)], what);
    return;
  }
  b.add('createExtension', drop, createExtension(f), `${what}: drop it`, { hazards: ['may-fail'] });
  b.add('createExtension', createExtension(t), drop, `${what}: create it again`);
}

/** compareVersions orders extension versions by their numbers (`1.10` after `1.9`), then as text. */
export function compareVersions(a: string, b: string): number {
  const [x, y] = [a.split(/[^0-9]+/).filter(Boolean).map(Number), b.split(/[^0-9]+/).filter(Boolean).map(Number)];
  for (let i = 0; i < Math.max(x.length, y.length); i++) if ((x[i] ?? -1) !== (y[i] ?? -1)) return (x[i] ?? -1) - (y[i] ?? -1);
  return a < b ? -1 : a > b ? 1 : 0;
}

export const createEnum = (e: Enum) => `CREATE TYPE ${q(e)} AS ENUM (${e.values.map(literal).join(', ')})`;

export function addEnum(b: Builder, e: Enum): void {
  b.add('types', createEnum(e), `DROP TYPE ${q(e)}`, `create enum ${e.schema}.${e.name}`, { creates: [nameKey(e)] });
  setComment(b, 'comments', { on: 'type', ref: e }, undefined, e.comment);
}

export function dropEnum(b: Builder, e: Enum): void {
  setComment(b, 'dropType', { on: 'type', ref: e }, e.comment, undefined);
  b.add('dropType', `DROP TYPE ${q(e)}`, createEnum(e), `drop enum ${e.schema}.${e.name}`, { drops: [nameKey(e)] });
}

/** renameType renames an enum, composite type or domain (which needs ALTER DOMAIN). */
export function renameType(b: Builder, type: 'enum' | 'domain' | 'composite', schema: string, from: string, to: string): void {
  const alter = type === 'domain' ? 'ALTER DOMAIN' : 'ALTER TYPE';
  b.add('rename', `${alter} ${q({ schema, name: from })} RENAME TO ${quoteIdent(to)}`, `${alter} ${q({ schema, name: to })} RENAME TO ${quoteIdent(from)}`, `rename ${type} ${schema}.${from} to ${to}`);
}

/** renameFunction renames a function or procedure (its overload is named by its arguments). */
export function renameFunction(b: Builder, f: Func, t: Func): void {
  const alter = `ALTER ${f.kind.toUpperCase()}`;
  b.add('rename', `${alter} ${q(f)}(${f.args}) RENAME TO ${quoteIdent(t.name)}`, `${alter} ${q(t)}(${t.args}) RENAME TO ${quoteIdent(f.name)}`, `rename ${f.kind} ${f.schema}.${f.name}(${f.args}) to ${t.name}`);
}

/** createComposite renders CREATE TYPE ... AS (fields). */
export function createComposite(c: Composite): string {
  return `CREATE TYPE ${q(c)} AS (${c.fields.map(fieldDef).join(', ')})`;
}
const fieldDef = (f: CompositeField) => `${quoteIdent(f.name)} ${f.type.sql}${f.collation ? ` COLLATE ${f.collation}` : ''}`;

/** `rowTypes`: a field has a table's or view's row type, so the type goes after tables and before their drop. */
export function addComposite(b: Builder, c: Composite, rowTypes = false): void {
  b.add(rowTypes ? 'lateTypes' : 'types', createComposite(c), `DROP TYPE ${q(c)}`, `create composite type ${c.schema}.${c.name}`, { creates: [nameKey(c)] });
  setComment(b, 'comments', { on: 'type', ref: c }, undefined, c.comment);
}

export function dropComposite(b: Builder, c: Composite, rowTypes = false): void {
  const phase = rowTypes ? 'dropLateFunction' : 'dropComposite';
  setComment(b, phase, { on: 'type', ref: c }, c.comment, undefined);
  b.add(phase, `DROP TYPE ${q(c)}`, createComposite(c), `drop composite type ${c.schema}.${c.name}`, { drops: [nameKey(c)] });
}

/**
 * modifyComposite adds, drops and retypes fields with one ALTER TYPE. New fields can only go
 * last, so when that would leave them in another order the type is dropped and re-created
 * (which PostgreSQL refuses while a column or function uses it): two statements, or, when
 * only the way back needs it, a reverse of two.
 */
export function modifyComposite(b: Builder, f: Composite, t: Composite): void {
  const inPlace = (from: Composite, to: Composite) => {
    const names = [...from.fields.filter((x) => to.fields.some((y) => y.name === x.name)), ...to.fields.filter((y) => !from.fields.some((x) => x.name === y.name))].map((x) => x.name);
    return names.join('\0') === to.fields.map((x) => x.name).join('\0');
  };
  const actions = (from: Composite, to: Composite) => [
    ...from.fields.filter((x) => !to.fields.some((y) => y.name === x.name)).map((x) => `DROP ATTRIBUTE ${quoteIdent(x.name)}`),
    ...to.fields.filter((y) => !from.fields.some((x) => x.name === y.name)).map((y) => `ADD ATTRIBUTE ${fieldDef(y)}`),
    ...to.fields.filter((y) => from.fields.some((x) => x.name === y.name && (x.type.sql !== y.type.sql || x.collation !== y.collation)))
      .map((y) => `ALTER ATTRIBUTE ${quoteIdent(y.name)} TYPE ${y.type.sql}${y.collation ? ` COLLATE ${y.collation}` : ''}`),
  ];
  const sql = (from: Composite, to: Composite): string[] => (inPlace(from, to) ? [`ALTER TYPE ${q(to)} ${actions(from, to).join(', ')}`] : [`DROP TYPE ${q(from)}`, createComposite(to)]);
  const what = `alter composite type ${t.schema}.${t.name}`;
  if (inPlace(f, t)) {
    b.add('types', sql(f, t)[0], sql(t, f), what);
    return;
  }
  b.add('types', `DROP TYPE ${q(f)}`, createComposite(f), `${what}: drop it (its fields change order)`);
  b.add('types', createComposite(t), `DROP TYPE ${q(t)}`, `${what}: create it again`);
}

type DomainCheck = Domain['checks'][number];

/**
 * A check that calls a user function: inspected with an empty search_path, such calls are
 * schema-qualified (`public.is_slug(VALUE)`) while built-ins are not. The function is created
 * after types, so the check is added after functions (and dropped before them).
 */
const callsUserFunction = (c: DomainCheck) => /(?:"[^"]+"|\b[a-z_][a-z0-9_$]*)\.(?:"[^"]+"|[a-z_][a-z0-9_$]*)\s*\(/i.test(c.expr);
/** Checks added by ALTER DOMAIN rather than in CREATE DOMAIN: NOT VALID ones, and those calling user functions. */
export const separateCheck = (c: DomainCheck) => c.notValid === true || callsUserFunction(c);

/** CREATE DOMAIN with the checks it can carry (see separateCheck for the others). */
export function createDomain(d: Domain): string {
  return [`CREATE DOMAIN ${q(d)} AS ${d.type.sql}`,
    d.collation && `COLLATE ${d.collation}`,
    d.default !== undefined && `DEFAULT ${d.default}`,
    d.notNull && 'NOT NULL',
    ...d.checks.filter((c) => !separateCheck(c)).map((c) => `CONSTRAINT ${quoteIdent(c.name)} CHECK (${c.expr})`)].filter(Boolean).join(' ');
}

export const addDomainCheck = (d: Domain, c: DomainCheck) => `ALTER DOMAIN ${q(d)} ADD CONSTRAINT ${quoteIdent(c.name)} CHECK (${c.expr})${c.notValid ? ' NOT VALID' : ''}`;
const dropDomainCheck = (d: Domain, c: DomainCheck) => `ALTER DOMAIN ${q(d)} DROP CONSTRAINT ${quoteIdent(c.name)}`;

export function addDomain(b: Builder, d: Domain): void {
  b.add('types', createDomain(d), `DROP DOMAIN ${q(d)}`, `create domain ${d.schema}.${d.name}`, { creates: [nameKey(d)] });
  for (const c of d.checks.filter(separateCheck)) {
    b.add(callsUserFunction(c) ? 'domainChecks' : 'types', addDomainCheck(d, c), dropDomainCheck(d, c), `add check ${c.name} to domain ${d.schema}.${d.name}`);
  }
  setComment(b, 'comments', { on: 'domain', ref: d }, undefined, d.comment);
}

export function dropDomain(b: Builder, d: Domain): void {
  setComment(b, 'dropType', { on: 'domain', ref: d }, d.comment, undefined);
  // Dropped one by one first (those calling functions before the functions go), so that the
  // down part re-adds them after CREATE DOMAIN and after the functions they call.
  for (const c of d.checks.filter(separateCheck)) {
    b.add(callsUserFunction(c) ? 'dropConstraint' : 'dropType', dropDomainCheck(d, c), addDomainCheck(d, c), `drop check ${c.name} of domain ${d.schema}.${d.name}`);
  }
  b.add('dropType', `DROP DOMAIN ${q(d)}`, createDomain(d), `drop domain ${d.schema}.${d.name}`, { drops: [nameKey(d)] });
}

/** modifyDomain alters default, NOT NULL and checks in place; a new base type or collation is not supported. */
export function modifyDomain(b: Builder, f: Domain, t: Domain): void {
  if (f.type.sql !== t.type.sql || (f.collation ?? '') !== (t.collation ?? '')) {
    throw new CairnError('SCHEMA', `changing the base type or collation of domain ${t.schema}.${t.name} is not supported; create a new domain instead`);
  }
  const alter = `ALTER DOMAIN ${q(t)}`;
  const what = `domain ${t.schema}.${t.name}`;
  const def = (d: string | undefined) => (d === undefined ? `${alter} DROP DEFAULT` : `${alter} SET DEFAULT ${d}`);
  if ((f.default ?? '') !== (t.default ?? '')) b.add('types', def(t.default), def(f.default), `change default of ${what}`);
  const nn = (on: boolean) => `${alter} ${on ? 'SET' : 'DROP'} NOT NULL`;
  if (f.notNull !== t.notNull) b.add('types', nn(t.notNull), nn(f.notNull), `change NOT NULL of ${what}`, { hazards: t.notNull ? ['may-fail'] : [] });
  const same = (a: DomainCheck, c: DomainCheck) => a.name === c.name && a.expr === c.expr;
  for (const c of f.checks) {
    const kept = t.checks.find((x) => same(x, c));
    if (!kept) b.add('types', dropDomainCheck(f, c), addDomainCheck(f, c), `drop check ${c.name} of ${what}`);
    // Validating is one way; its reverse can only drop the check and add it back NOT VALID.
    else if (c.notValid && !kept.notValid) {
      b.add('types', `${alter} VALIDATE CONSTRAINT ${quoteIdent(c.name)}`, [dropDomainCheck(t, c), addDomainCheck(t, c)], `validate check ${c.name} of ${what}`, { hazards: ['may-fail'] });
    } else if (!c.notValid && kept.notValid) {
      // Dropped and added again NOT VALID: the way back drops it and adds it validated.
      b.add('types', dropDomainCheck(t, c), addDomainCheck(t, c), `make check ${c.name} of ${what} NOT VALID: drop it`);
      b.add('types', addDomainCheck(t, kept), dropDomainCheck(t, c), `make check ${c.name} of ${what} NOT VALID: add it again`);
    }
  }
  for (const c of t.checks) if (!f.checks.some((x) => same(x, c))) b.add('types', addDomainCheck(t, c), dropDomainCheck(t, c), `add check ${c.name} to ${what}`, { hazards: c.notValid ? [] : ['may-fail'] });
}

const ownedBy = (s: Sequence, o: Sequence['ownedBy']) =>
  `ALTER SEQUENCE ${q(s)} OWNED BY ${o ? `${q({ schema: s.schema, name: o.table })}.${quoteIdent(o.column)}` : 'NONE'}`;

export function addSequence(b: Builder, s: Sequence): void {
  b.add('sequences', `CREATE SEQUENCE ${q(s)} ${sequenceOptions(s)}`, `DROP SEQUENCE ${q(s)}`, `create sequence ${s.schema}.${s.name}`, { creates: [nameKey(s)] });
  if (s.ownedBy) b.add('ownedBy', ownedBy(s, s.ownedBy), ownedBy(s, undefined), `make ${s.schema}.${s.name} owned by its column`);
  setComment(b, 'comments', { on: 'sequence', ref: s }, undefined, s.comment);
}

/** dropSequence first detaches an owned sequence so that dropping its table does not drop it too. */
export function dropSequence(b: Builder, s: Sequence): void {
  if (s.ownedBy) b.add('dropConstraint', ownedBy(s, undefined), ownedBy(s, s.ownedBy), `detach sequence ${s.schema}.${s.name} from its column`);
  setComment(b, 'dropSequence', { on: 'sequence', ref: s }, s.comment, undefined);
  b.add('dropSequence', `DROP SEQUENCE ${q(s)}`, `CREATE SEQUENCE ${q(s)} ${sequenceOptions(s)}`, `drop sequence ${s.schema}.${s.name}`, { drops: [nameKey(s)] });
}

export function renameSequence(b: Builder, f: Sequence, t: Sequence): void {
  b.add('rename', `ALTER SEQUENCE ${q(f)} RENAME TO ${quoteIdent(t.name)}`, `ALTER SEQUENCE ${q(t)} RENAME TO ${quoteIdent(f.name)}`, `rename sequence ${f.schema}.${f.name} to ${t.name}`);
}

export function modifySequence(b: Builder, f: Sequence, t: Sequence): void {
  const { ownedBy: fo, ...fRest } = f;
  const { ownedBy: to, ...tRest } = t;
  if (sequenceOptions(fRest) !== sequenceOptions(tRest)) {
    b.add('sequences', `ALTER SEQUENCE ${q(t)} ${sequenceOptions(t)}`, `ALTER SEQUENCE ${q(t)} ${sequenceOptions(f)}`, `alter sequence ${t.schema}.${t.name}`);
  }
  if (JSON.stringify(fo) !== JSON.stringify(to)) {
    if (fo) b.add('dropConstraint', ownedBy(t, undefined), ownedBy(t, fo), `detach sequence ${t.schema}.${t.name}`);
    if (to) b.add('ownedBy', ownedBy(t, to), ownedBy(t, undefined), `make ${t.schema}.${t.name} owned by its column`);
  }
}
