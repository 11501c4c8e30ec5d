/**
 * Typed access to a dialect's attributes (model.ts `Attr`): each dialect declares the union of
 * its attributes and gets `attrOf`/`hasAttr`/`attrList` typed for it, so that every inspector
 * builds attribute lists the same way (absent ones dropped, sorted by kind: two inspections give
 * the same list).
 */
import type { Attr } from './model.js';

export interface AttrAccess<A extends Attr> {
  /** attrOf finds an attribute by kind, typed. */
  attrOf<K extends A['kind']>(attrs: readonly Attr[], kind: K): Extract<A, { kind: K }> | undefined;
  /** hasAttr says whether an attribute of a kind is present. */
  hasAttr(attrs: readonly Attr[], kind: A['kind']): boolean;
  /** attrList drops the absent ones and sorts by kind. */
  attrList(...attrs: (A | undefined | false)[]): A[];
}

export function attrAccess<A extends Attr>(): AttrAccess<A> {
  return {
    attrOf: <K extends A['kind']>(attrs: readonly Attr[], kind: K) => attrs.find((a) => a.kind === kind) as Extract<A, { kind: K }> | undefined,
    hasAttr: (attrs, kind) => attrs.some((a) => a.kind === kind),
    attrList: (...attrs) => attrs.filter((a): a is A => Boolean(a)).sort((a, b) => (a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : 0)),
  };
}
