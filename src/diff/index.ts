/** The differ's public surface. */
export type * from './changes.js';
export { diffRealms, type DiffOptions } from './diff.js';
export { parseRename, formatRename, type RenameHint } from './renames.js';
