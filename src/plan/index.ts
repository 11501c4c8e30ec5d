/** The plan layer's public surface. */
export type * from './types.js';
export * from './render.js';
