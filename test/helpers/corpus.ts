/**
 * CORPUS is the folder of real-world migration histories that the `*.corpus.test.ts` files read:
 * `$CAIRN_CORPUS`, else `../shared/corpus` beside the repository. Only `npm run test:corpus`
 * runs those files, and it refuses to start without the folder; `npm test` never reads it.
 */
import { join } from 'node:path';

export const CORPUS = process.env.CAIRN_CORPUS ?? join(import.meta.dirname, '../../../shared/corpus');
