import type { Position } from './types.js';

/**
 * PositionTracker turns string indexes into `Position`s (UTF-8 byte offset, line, column).
 * The lexer asks for positions in increasing order, so the tracker walks forward from the
 * last answer and the whole file costs one extra pass; a backwards request (only after a
 * problem) restarts from the top, which is correct, just slower.
 */
export class PositionTracker {
  private index = 0;
  private bytes = 0;
  private line = 1;
  private lineStart: number;

  constructor(
    private readonly text: string,
    /** 1 when the text starts with a BOM: it has bytes but no column. */
    private readonly bomLength: number,
  ) {
    this.lineStart = bomLength;
  }

  /** at returns the position of string index `target` (0 <= target <= text.length). */
  at(target: number): Position {
    if (target < this.index) this.restart();
    const text = this.text;
    let bytes = this.bytes;
    for (let k = this.index; k < target; k++) {
      const c = text.charCodeAt(k);
      if (c < 0x80) {
        bytes += 1;
        if (c === 10) {
          this.line++;
          this.lineStart = k + 1;
        }
      } else {
        bytes += utf8Length(text, k, c);
      }
    }
    this.bytes = bytes;
    this.index = target;
    return { offset: bytes, line: this.line, column: this.columnOf(target) };
  }

  private columnOf(target: number): number {
    return target - (this.line === 1 ? Math.max(this.lineStart, this.bomLength) : this.lineStart) + 1;
  }

  private restart(): void {
    this.index = 0;
    this.bytes = 0;
    this.line = 1;
    this.lineStart = this.bomLength;
  }
}

/**
 * utf8Length is the UTF-8 size of the UTF-16 unit at `k`, counted the way Buffer encodes:
 * each half of a surrogate pair is 2 bytes (4 together) and a lone surrogate becomes
 * U+FFFD (3 bytes).
 */
function utf8Length(text: string, k: number, c: number): number {
  if (c < 0x800) return 2;
  if (c >= 0xd800 && c <= 0xdbff) {
    const next = text.charCodeAt(k + 1);
    return next >= 0xdc00 && next <= 0xdfff ? 2 : 3;
  }
  if (c >= 0xdc00 && c <= 0xdfff) {
    const prev = text.charCodeAt(k - 1);
    return prev >= 0xd800 && prev <= 0xdbff ? 2 : 3;
  }
  return 3;
}
