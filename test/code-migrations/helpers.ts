/** Shared by the code-migration tests: where migration modules written to temp folders import from. */
import { join } from 'node:path';

/** The module that exports defineMigration, by absolute path (a temp folder has no node_modules). */
export const DEFINE = join(import.meta.dirname, '../../src/migrate/code/define.ts');
