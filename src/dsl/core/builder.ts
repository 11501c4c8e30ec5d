/**
 * The immutable base of the DSL's table-level builders (indexes, keys, checks, policies): every
 * method returns a new frozen builder of the same class, so one definition can be shared by
 * several tables without one changing the other (Kysely style).
 */
export class Builder<S> {
  constructor(readonly state: S) {
    Object.freeze(this);
  }
  /** A copy of this builder (same class) with `patch` applied to its state. */
  protected next(patch: Partial<S>): this {
    return new (this.constructor as new (s: S) => this)(Object.freeze({ ...this.state, ...patch }));
  }
}
