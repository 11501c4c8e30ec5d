/**
 * Diffing the schema objects only PostgreSQL has in the model: collations, text search
 * configurations, enums, domains, composite types, sequences, functions and aggregates. The
 * generic differ (src/diff/diff.ts) asks for them through `DiffHooks.diffSchemaObjects`, before it
 * compares the schema's tables and views; the types found renamed go back to it, so the columns
 * that use one compare under the new name.
 */
import type { Aggregate, Collation, Composite, Domain, Enum, Func, Schema, Sequence, TextSearchConfig } from '../../schema/model.js';
import type { Change } from '../../diff/changes.js';
import { comment, same } from '../../diff/compare.js';
import type { DiffHooks, SchemaObjectsDiff } from '../../diff/hooks.js';
import { matchByName } from '../../diff/renames.js';

/**
 * diffSchemaObjects emits the changes of one schema's PostgreSQL objects, in the order the
 * generic differ always gave them, and returns the renamed types (old name -> new).
 */
export function diffSchemaObjects(from: Schema, to: Schema, { renamedFrom: hint, out }: SchemaObjectsDiff, renamedDefinition: DiffHooks['renamedDefinition']): Map<string, string> {
  diffCollations(from.collations, to.collations, out);
  diffTextSearchConfigs(from.textSearchConfigs, to.textSearchConfigs, out);
  const typeRenames = new Map([
    ...diffEnums(from.enums, to.enums, hint, out),
    ...diffDomains(from.domains, to.domains, hint, out),
    ...diffComposites(from.composites, to.composites, hint, out),
  ]);
  diffSequences(from.sequences, to.sequences, hint, out);
  diffFunctions(from.functions, to.functions, hint, renamedDefinition, out);
  diffAggregates(from.aggregates, to.aggregates, out);
  return typeRenames;
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
function diffFunctions(from: readonly Func[], to: readonly Func[], hint: (n: string) => string | undefined, renamedDefinition: DiffHooks['renamedDefinition'], out: Change[]): void {
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
    const f = f0.name === t.name ? f0 : { ...f0, name: t.name, def: renamedDefinition(f0.kind, f0.def, f0, t) };
    if (f.def !== t.def || f.kind !== t.kind) out.push({ kind: 'ModifyFunction', from: f, to: t });
    comment(out, { on: t.kind, ref: t, args: t.args }, f.comment, t.comment);
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
