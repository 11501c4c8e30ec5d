/**
 * The schema engine contract lives in src/engine/types.ts: it names changes and plans, so it
 * cannot sit with the model. This path only re-exports it for code written against the old
 * place; import src/engine/types.js instead.
 */
export type * from '../engine/types.js';
