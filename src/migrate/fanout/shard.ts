/**
 * `--shard i/n`: which targets one of n runners takes (a CI matrix job, a Kubernetes Indexed
 * Job). A target's shard is a hash of its identity (FanoutTarget.name: the URL, password
 * masked), never its line number, so adding or removing a target moves no other one; the n
 * shards are disjoint and together hold every target, whatever order each runner read them in.
 * Numbered from 1, as Jest and Playwright number theirs (`--shard 1/4` … `--shard 4/4`).
 *
 * @example
 * parseShard('2/4')                       // { index: 2, count: 4 }
 * shardOf('postgres://db/acme', 4)        // the same number between 1 and 4, on every machine
 */
import { createHash } from 'node:crypto';
import { CairnError } from '../../errors.js';

export interface Shard {
  /** 1-based: this runner takes the targets of shard `index`. */
  readonly index: number;
  /** How many runners share the targets. */
  readonly count: number;
}

/** parseShard reads `i/n` (1 <= i <= n). */
export function parseShard(text: string): Shard {
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  const index = m ? Number(m[1]) : NaN;
  const count = m ? Number(m[2]) : NaN;
  if (!m || count < 1 || index < 1 || index > count) {
    throw new CairnError('USAGE', `--shard "${text}" is not i/n with 1 <= i <= n`, {
      hint: 'e.g. --shard 1/4 in the first of four jobs; in a Kubernetes Indexed Job: --shard $((JOB_COMPLETION_INDEX + 1))/N',
    });
  }
  return { index, count };
}

/** shardOf is the 1-based shard of a target identity among `count`: the first 32 bits of its SHA-256, modulo count. */
export function shardOf(identity: string, count: number): number {
  return (createHash('sha256').update(identity).digest().readUInt32BE(0) % count) + 1;
}

/** selectShard keeps the targets of `shard`, in their order. */
export function selectShard<T extends { readonly name: string }>(targets: readonly T[], shard: Shard | undefined): T[] {
  if (!shard) return [...targets];
  return targets.filter((t) => shardOf(t.name, shard.count) === shard.index);
}
