/** Small comparison helpers shared by the differ's files. */
import { canonicalJson } from '../schema/build.js';
import type { Change, CommentTarget } from './changes.js';

/** same compares two model values by their canonical JSON. */
export const same = (a: unknown, b: unknown): boolean => canonicalJson(a) === canonicalJson(b);

/** comment emits a SetComment when a comment differs. */
export function comment(out: Change[], target: CommentTarget, from: string | undefined, to: string | undefined): void {
  if ((from ?? '') !== (to ?? '')) out.push({ kind: 'SetComment', target, from, to });
}
