/**
 * The generic differ: matches two realms' objects by name (and rename hints) and emits the
 * closed `Change` union. It compares model values as data, attributes included, so a dialect's
 * extension attributes need no code here. Checks for unsafe drops live in safety.ts.
 */
import type { Aggregate, Collation, Composite, Domain, Enum, Extension, Func, Realm, Schema, Sequence, TextSearchConfig, View } from '../schema/model.js';
import { emptySchema } from '../schema/build.js';
import type { Change, VersionedExtension } from './changes.js';
import { versionsDiffer, withoutVersion } from './extension-versions.js';
import { comment, same } from './compare.js';
import type { DiffHooks } from './hooks.js';
import { matchByName, schemaHint, type RenameHint } from './renames.js';
import { diffTables, diffIndexes, type Inheritance } from './table.js';
import { inheritance } from './inherits.js';
import { checkSafety } from './safety.js';

export interface DiffOptions {
  /** The dialect's answers to the differ's questions: its schema engine's `diffHooks`. */
  readonly hooks: DiffHooks;
  readonly renames?: readonly RenameHint[];
  /** Allow changes that drop data (tables, columns, schemas). */
  readonly allowDrop?: boolean;
  /**
   * Neither compare extension versions nor pin them, even pinned or live ones: `CREATE
   * EXTENSION` without `VERSION`, for teams that let each server install its default version.
   */
  readonly ignoreExtensionVersions?: boolean;
}

/** diffRealms computes the changes that turn `from` into `to`; throws CairnError UNSAFE_CHANGE per safety.ts. */
export function diffRealms(from: Realm, to: Realm, opts: DiffOptions): Change[] {
  const hints = opts.renames ?? [];
  const out: Change[] = [];
  // A version is compared only where both sides have one (see extension-versions.ts).
  const version = (e: Extension): Extension => (opts.ignoreExtensionVersions ? withoutVersion(e) : e);
  const ext = matchByName(from.extensions.map(version), to.extensions.map(version), (e) => e.name);
  ext.added.forEach((extension) => out.push({ kind: 'AddExtension', extension }));
  ext.dropped.forEach((extension) => out.push({ kind: 'DropExtension', extension }));
  for (const [f, t] of ext.same) {
    if (f.schema !== t.schema) out.push({ kind: 'DropExtension', extension: f }, { kind: 'AddExtension', extension: t });
    else if (versionsDiffer(f, t)) out.push({ kind: 'ModifyExtension', from: f as VersionedExtension, to: t as VersionedExtension });
  }

  const schemas = matchByName(from.schemas, to.schemas, (s) => s.name);
  const table = (r: Realm) => (t: { schema: string; name: string }) => r.schemas.find((x) => x.name === t.schema)?.tables.find((x) => x.name === t.name);
  const inh: Inheritance = { from: inheritance(from), to: inheritance(to), fromTable: table(from), toTable: table(to), hooks: opts.hooks };
  for (const s of schemas.added) {
    out.push({ kind: 'AddSchema', schema: s });
    diffSchema(emptySchema(s.name), s, hints, inh, out);
  }
  for (const [f, t] of schemas.same) diffSchema(f, t, hints, inh, out);
  for (const s of schemas.dropped) {
    diffSchema(s, emptySchema(s.name), hints, inh, out);
    out.push({ kind: 'DropSchema', schema: s });
  }
  checkSafety(out, opts.allowDrop ?? false);
  return out;
}

function diffSchema(from: Schema, to: Schema, hints: readonly RenameHint[], inh: Inheritance, out: Change[]): void {
  const hint = schemaHint(hints, to.name);
  comment(out, { on: 'schema', name: to.name }, from.comment, to.comment);
  diffCollations(from.collations, to.collations, out);
  diffTextSearchConfigs(from.textSearchConfigs, to.textSearchConfigs, out);
  const typeRenames = new Map([
    ...diffEnums(from.enums, to.enums, hint, out),
    ...diffDomains(from.domains, to.domains, hint, out),
    ...diffComposites(from.composites, to.composites, hint, out),
  ]);
  diffSequences(from.sequences, to.sequences, hint, out);
  diffFunctions(from.functions, to.functions, hint, inh.hooks, out);
  diffAggregates(from.aggregates, to.aggregates, out);
  diffTables(from, to, hints, new Map([[to.name, typeRenames]]), inh, out);
  diffViews(from.views, to.views, hint, out);
}

/** diffEnums returns the renamed enums (old name -> new), for rewriting the columns that use them. */
function diffEnums(from: readonly Enum[], to: readonly Enum[], hint: (n: string) => string | undefined, out: Change[]): Map<string, string> {
  const m = matchByName(from, to, (e) => e.name, hint);
  m.added.forEach((e) => out.push({ kind: 'AddEnum', enum: e }));
  m.dropped.forEach((e) => out.push({ kind: 'DropEnum', enum: e }));
  for (const [f, t] of m.renamed) out.push({ kind: 'RenameType', type: 'enum', schema: t.schema, from: f.name, to: t.name });
  for (const [f, t] of [...m.same, ...m.renamed]) {
    const ref = { schema: t.schema, name: t.name };
    if (!same(f.values, t.values)) {
      // Values can only be added in place; anything else re-creates the type.
      const kept = t.values.filter((v) => f.values.includes(v));
      if (same(kept, f.values)) {
        t.values.forEach((v, i) => {
          if (f.values.includes(v)) return;
          const before = t.values.slice(i + 1).find((n) => f.values.includes(n));
          out.push({ kind: 'AddEnumValue', enum: t, value: v, before });
        });
      } else out.push({ kind: 'ModifyEnum', from: f, to: t });
    }
    comment(out, { on: 'type', ref }, f.comment, t.comment);
  }
  return renames(m.renamed);
}

function diffDomains(from: readonly Domain[], to: readonly Domain[], hint: (n: string) => string | undefined, out: Change[]): Map<string, string> {
  const m = matchByName(from, to, (d) => d.name, hint);
  m.added.forEach((d) => out.push({ kind: 'AddDomain', domain: d }));
  m.dropped.forEach((d) => out.push({ kind: 'DropDomain', domain: d }));
  for (const [f, t] of m.renamed) out.push({ kind: 'RenameType', type: 'domain', schema: t.schema, from: f.name, to: t.name });
  for (const [f0, t] of [...m.same, ...m.renamed]) {
    const f = { ...f0, name: t.name };
    if (!same({ ...f, comment: undefined }, { ...t, comment: undefined })) out.push({ kind: 'ModifyDomain', from: f, to: t });
    comment(out, { on: 'domain', ref: t }, f.comment, t.comment);
  }
  return renames(m.renamed);
}

/** renames maps old names to new, for rewriting references to renamed types. */
const renames = (pairs: readonly (readonly [{ name: string }, { name: string }])[]) => new Map(pairs.map(([f, t]) => [f.name, t.name]));

function diffComposites(from: readonly Composite[], to: readonly Composite[], hint: (n: string) => string | undefined, out: Change[]): Map<string, string> {
  const m = matchByName(from, to, (c) => c.name, hint);
  dependencyOrder(m.added).forEach((composite) => out.push({ kind: 'AddComposite', composite }));
  m.dropped.forEach((composite) => out.push({ kind: 'DropComposite', composite }));
  for (const [f, t] of m.renamed) out.push({ kind: 'RenameType', type: 'composite', schema: t.schema, from: f.name, to: t.name });
  for (const [f0, t] of [...m.same, ...m.renamed]) {
    const f = { ...f0, name: t.name };
    if (!same(f.fields, t.fields)) out.push({ kind: 'ModifyComposite', from: f, to: t });
    comment(out, { on: 'type', ref: t }, f.comment, t.comment);
  }
  return renames(m.renamed);
}

/** dependencyOrder puts composite types after the composite types their fields use. */
function dependencyOrder(xs: readonly Composite[]): Composite[] {
  const out: Composite[] = [];
  const visit = (c: Composite, seen: Set<string>) => {
    if (out.includes(c) || seen.has(c.name)) return;
    seen.add(c.name);
    for (const f of c.fields) {
      const dep = xs.find((x) => f.type.ref?.schema === x.schema && f.type.ref?.name === x.name);
      if (dep) visit(dep, seen);
    }
    out.push(c);
  };
  xs.forEach((c) => visit(c, new Set()));
  return out;
}

function diffSequences(from: readonly Sequence[], to: readonly Sequence[], hint: (n: string) => string | undefined, out: Change[]): void {
  const m = matchByName(from, to, (s) => s.name, hint);
  m.added.forEach((s) => out.push({ kind: 'AddSequence', sequence: s }));
  m.dropped.forEach((s) => out.push({ kind: 'DropSequence', sequence: s }));
  for (const [f, t] of m.renamed) out.push({ kind: 'RenameSequence', from: f, to: t });
  for (const [f, t] of [...m.same, ...m.renamed]) {
    const body = (s: Sequence) => ({ ...s, name: '', comment: undefined });
    if (!same(body(f), body(t))) out.push({ kind: 'ModifySequence', from: f, to: t });
    comment(out, { on: 'sequence', ref: t }, f.comment, t.comment);
  }
}

/** Functions match by name and arguments; a rename hint names the function (`public.f=g`). */
function diffFunctions(from: readonly Func[], to: readonly Func[], hint: (n: string) => string | undefined, hooks: DiffHooks, out: Change[]): void {
  const key = (f: Func) => `${f.name}(${f.args})`;
  const renamedFrom = (k: string) => {
    const t = to.find((f) => key(f) === k);
    const old = t && hint(t.name);
    return old === undefined || !t ? undefined : `${old}(${t.args})`;
  };
  const m = matchByName(from, to, key, renamedFrom);
  m.added.forEach((func) => out.push({ kind: 'AddFunction', func }));
  m.dropped.forEach((func) => out.push({ kind: 'DropFunction', func }));
  for (const [f, t] of m.renamed) out.push({ kind: 'RenameFunction', from: f, to: t });
  for (const [f0, t] of [...m.same, ...m.renamed]) {
    // After a rename the old definition names the new function, as the database would show it.
    const f = f0.name === t.name ? f0 : { ...f0, name: t.name, def: hooks.renamedDefinition(f0.kind, f0.def, f0, t) };
    if (f.def !== t.def || f.kind !== t.kind) out.push({ kind: 'ModifyFunction', from: f, to: t });
    comment(out, { on: t.kind, ref: t, args: t.args }, f.comment, t.comment);
  }
}

function diffViews(from: readonly View[], to: readonly View[], hint: (n: string) => string | undefined, out: Change[]): void {
  const m = matchByName(from, to, (v) => v.name, hint);
  m.added.forEach((view) => out.push({ kind: 'AddView', view }));
  m.dropped.forEach((view) => out.push({ kind: 'DropView', view }));
  for (const [f, t] of m.renamed) out.push({ kind: 'RenameView', from: f, to: t });
  for (const [f, t] of [...m.same, ...m.renamed]) {
    const ref = { schema: t.schema, name: t.name };
    // A view's triggers are re-created with it: any change to them re-builds the view.
    if (f.def !== t.def || f.materialized !== t.materialized || !same(f.attrs, t.attrs) || !same(f.triggers, t.triggers)) {
      out.push({ kind: 'ModifyView', from: f, to: t });
      continue; // re-created with its indexes and comment
    }
    diffIndexes(ref, f.indexes, t.indexes, hint, out);
    comment(out, { on: t.materialized ? 'materialized view' : 'view', ref }, f.comment, t.comment);
    const columns = [...new Set([...Object.keys(f.columnComments), ...Object.keys(t.columnComments)])].sort();
    for (const column of columns) comment(out, { on: 'column', ref, column }, f.columnComments[column], t.columnComments[column]);
  }
}

/** Collations match by name (no renames: the columns using one name it). */
function diffCollations(from: readonly Collation[], to: readonly Collation[], out: Change[]): void {
  const m = matchByName(from, to, (c) => c.name);
  m.added.forEach((collation) => out.push({ kind: 'AddCollation', collation }));
  m.dropped.forEach((collation) => out.push({ kind: 'DropCollation', collation }));
  for (const [f, t] of m.same) {
    if (!same({ ...f, comment: undefined }, { ...t, comment: undefined })) out.push({ kind: 'ModifyCollation', from: f, to: t });
    comment(out, { on: 'collation', ref: t }, f.comment, t.comment);
  }
}

/** Aggregates match by name and arguments, like functions. */
function diffAggregates(from: readonly Aggregate[], to: readonly Aggregate[], out: Change[]): void {
  const m = matchByName(from, to, (a) => `${a.name}(${a.args})`);
  m.added.forEach((aggregate) => out.push({ kind: 'AddAggregate', aggregate }));
  m.dropped.forEach((aggregate) => out.push({ kind: 'DropAggregate', aggregate }));
  for (const [f, t] of m.same) {
    if (f.def !== t.def || f.kind !== t.kind || f.result !== t.result) out.push({ kind: 'ModifyAggregate', from: f, to: t });
    comment(out, { on: 'aggregate', ref: t, args: t.args }, f.comment, t.comment);
  }
}

function diffTextSearchConfigs(from: readonly TextSearchConfig[], to: readonly TextSearchConfig[], out: Change[]): void {
  const m = matchByName(from, to, (c) => c.name);
  m.added.forEach((config) => out.push({ kind: 'AddTextSearchConfig', config }));
  m.dropped.forEach((config) => out.push({ kind: 'DropTextSearchConfig', config }));
  for (const [f, t] of m.same) {
    if (f.parser !== t.parser || !same(f.mappings, t.mappings)) out.push({ kind: 'ModifyTextSearchConfig', from: f, to: t });
    comment(out, { on: 'text search configuration', ref: t }, f.comment, t.comment);
  }
}
