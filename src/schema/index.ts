/** The schema model's public surface. */
export type * from './model.js';
export * from './build.js';
export { filterRealm, parseExclude, DEFAULT_REVISIONS_TABLE } from './filter.js';
export type { RealmFilter } from './filter.js';
