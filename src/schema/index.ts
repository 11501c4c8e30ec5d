/** The schema model's public surface. */
export type * from './model.js';
export * from './build.js';
