/** The schema model's public surface. */
export type * from './model.js';
export * from './build.js';
export { filterRealm, parseExclude, inspectScoped, scopedEngine, DEFAULT_REVISIONS_TABLE } from './filter.js';
export type { RealmFilter, SchemaScope } from './filter.js';
