/**
 * Progress for long work, rendered from the library's typed `onProgress` events.
 *
 * At a terminal (stderr is a TTY, not CI, not --json) the step in progress is one line that is
 * rewritten in place (`[3/120] 20240101_x.sql statement 4/10 · 12s`), with the seconds spent on
 * it once it takes a while; finished files stay as ordinary lines. Anywhere else nothing
 * transient is written: a runner command logs one line per file (as it always has), a diff
 * prints nothing extra. `CAIRN_PROGRESS=1` forces the terminal rendering on (tests, or a
 * terminal the detection misses), `CAIRN_PROGRESS=0` off.
 *
 * Plain `\r` and an erase-line escape rather than a spinner library: no timer keeps the process
 * alive (the clock that refreshes the seconds is unref'd), nothing animates when there is no
 * terminal, and `done()` always erases the line so an error printed after it starts clean.
 */
import { assertNever } from '../errors.js';
import type { DiffProgressEvent } from '../commands/diff.js';
import type { ProgressEvent } from '../migrate/runner/types.js';
import type { Context } from './context.js';
import { processIo } from './output.js';
import { colors } from './run.js';

export type AnyProgressEvent = ProgressEvent | DiffProgressEvent;

export interface Progress {
  /** The callback to pass as `onProgress`; undefined with --json (no progress at all). */
  readonly onProgress: ((e: AnyProgressEvent) => void) | undefined;
  /**
   * Erases the progress line and stops its clock until the next event: call before anything
   * else takes the terminal (a prompt), so that neither garbles the other.
   */
  pause(): void;
  /** Erases the progress line; call when the command ends, failed or not. */
  done(): void;
}

/** Where a terminal progress line goes: a stream that may be a TTY, of some width. */
export interface ProgressStream {
  readonly isTTY?: boolean;
  readonly columns?: number;
  write(s: string): unknown;
}

/** Whether CI is set to something that means yes (CI=true, CI=1; not CI=false or CI=0). */
function inCi(env: NodeJS.ProcessEnv): boolean {
  const v = (env.CI ?? '').trim().toLowerCase();
  return v !== '' && v !== '0' && v !== 'false';
}

/** terminalProgress says whether to render the rewritten line (see the module comment). */
export function terminalProgress(json: boolean, stream: ProgressStream | undefined, env: NodeJS.ProcessEnv = process.env): boolean {
  if (json || stream === undefined) return false;
  if (env.CAIRN_PROGRESS === '1') return true;
  if (env.CAIRN_PROGRESS === '0') return false;
  return Boolean(stream.isTTY) && !inCi(env);
}

const ERASE = '\r\x1b[2K';
/** A step shows its seconds once it has taken this long. */
const SHOW_ELAPSED_MS = 2000;

/** ProgressLine is the one line rewritten in place; `log` prints a permanent line above it. */
export class ProgressLine {
  private text = '';
  private since = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly stream: ProgressStream,
    private readonly now: () => number = Date.now,
  ) {}

  show(text: string): void {
    this.text = text;
    this.since = this.now();
    this.render();
    if (this.timer === undefined) {
      this.timer = setInterval(() => this.render(), 1000);
      // The clock must not count as pending work (a code migration's watchdog looks for none).
      this.timer.unref();
      this.timer.unref();
    }
  }

  /** A permanent line: erase the progress line, print, and leave the line erased until the next show. */
  log(line: string): void {
    this.clear();
    this.stream.write(line + '\n');
  }

  clear(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
    if (this.text !== '') this.stream.write(ERASE);
    this.text = '';
  }

  private render(): void {
    if (this.text === '') return;
    const elapsed = this.now() - this.since;
    let line = this.text + (elapsed >= SHOW_ELAPSED_MS ? ` · ${Math.floor(elapsed / 1000)}s` : '');
    // A line longer than the terminal wraps, and `\r` would then rewrite only its last row.
    const width = this.stream.columns;
    if (width !== undefined && width > 1 && line.length > width - 1) line = line.slice(0, width - 2) + '…';
    this.stream.write(ERASE + line);
  }
}

/** The file a runner is on, for the statement events that follow its file-start. */
interface FileState {
  readonly prefix: string;
}

/** transient: the text of the rewritten line for an event, or undefined for events that print a permanent line. */
function transient(e: AnyProgressEvent, file: FileState | undefined): string | undefined {
  switch (e.type) {
    case 'file-start': {
      const prefix = `[${e.position}/${e.count}] ${e.file}`;
      if (e.execution === 'stepwise' && e.total > 1) return `${prefix} statement ${e.resumeAt + 1}/${e.total}`;
      return e.total > 1 ? `${prefix} (${e.total} statements)` : prefix;
    }
    case 'statement':
      // Statement `index` is done: the next one runs now.
      return `${file?.prefix ?? e.version} statement ${Math.min(e.index + 2, e.total)}/${e.total}`;
    case 'dev-start':
    case 'replay':
    case 'load-desired':
    case 'inspect':
      return e.message;
    case 'file-done':
    case 'down':
    case 'interrupted':
    case 'log':
      return undefined;
    default:
      return assertNever(e, 'progress event');
  }
}

/**
 * createProgress picks the rendering for a command: the terminal line, the per-file log lines
 * of a runner command elsewhere (`log: false` for commands with none, such as diff), or
 * nothing with --json.
 */
export function createProgress(ctx: Context, opts: { log: boolean }, stream: ProgressStream | undefined = ctx.io === processIo ? process.stderr : undefined): Progress {
  if (ctx.json) return { onProgress: undefined, pause: () => {}, done: () => {} };
  const dim = colors(ctx).dim;
  const scrub = (s: string) => ctx.secrets.scrub(s);
  if (!terminalProgress(ctx.json, stream) || stream === undefined) {
    const onProgress = opts.log
      ? (e: AnyProgressEvent) => {
        // Diff steps and statements only show at a terminal; files, rollbacks and interrupts are logged.
        if (e.type === 'file-start' || e.type === 'file-done' || e.type === 'down' || e.type === 'interrupted') ctx.io.err(dim(scrub(e.message)));
        // A code migration's own messages are its author's: shown as written.
        else if (e.type === 'log') ctx.io.err(scrub(e.message));
      }
      : () => {};
    return { onProgress, pause: () => {}, done: () => {} };
  }
  const line = new ProgressLine(stream);
  let file: FileState | undefined;
  // main.ts says what it does on SIGINT/SIGTERM: erase the line first, so its message starts clean.
  const erase = () => line.clear();
  process.prependListener('SIGINT', erase);
  process.prependListener('SIGTERM', erase);
  return {
    onProgress: (e) => {
      if (e.type === 'file-start') file = { prefix: `[${e.position}/${e.count}] ${e.file}` };
      const text = transient(e, file);
      if (text !== undefined) line.show(scrub(text));
      else line.log(dim(scrub(e.message)));
    },
    // The line is erased and its clock stopped; the next event shows it again.
    pause: () => line.clear(),
    done: () => {
      process.off('SIGINT', erase);
      process.off('SIGTERM', erase);
      line.clear();
    },
  };
}
