/** The generic differ with PostgreSQL's hooks, as the PostgreSQL engine calls it. */
import { diffRealms as diffWith, type DiffOptions } from '../../../src/diff/diff.js';
import { postgresDiffHooks } from '../../../src/dialects/postgres/diff-hooks.js';
import type { Realm } from '../../../src/schema/model.js';

export const diffRealms = (from: Realm, to: Realm, opts: Omit<DiffOptions, 'hooks'> = {}) => diffWith(from, to, { hooks: postgresDiffHooks, ...opts });
