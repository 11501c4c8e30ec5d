/**
 * `cairn diff` at a terminal asks whether a dropped + added column is a rename; outside one
 * (CI) it stops with the exact flag to pass. The terminal is a real pseudo-terminal from
 * script(1); the test reads its screen and answers once the question is on it (never after a
 * fixed wait: on a loaded machine the dev database alone can take longer than any guess).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cairn, ROOT } from '../helpers/cli.js';

/** How long any one step at the terminal may take before the test fails with the screen. */
const STEP_TIMEOUT_MS = 120_000;
const COLUMNS = 160;
/** The texts of the progress line (src/cli/progress.ts) a diff shows while it works. */
const PROGRESS = /starting the dev database|replaying \d+ migration|loading the desired schema|inspecting the (current|desired) schema/;

function project(): string {
  const cwd = mkdtempSync(join(tmpdir(), 'cairn-prompt-'));
  mkdirSync(join(cwd, 'migrations'));
  writeFileSync(join(cwd, 'migrations', '20260101000000_init.sql'), 'CREATE TABLE users (id bigint PRIMARY KEY, name text);\n');
  writeFileSync(join(cwd, 'schema.ts'), "import { table, bigint, text } from 'cairn-migrate/dsl';\nexport const users = table('users', { id: bigint().primaryKey(), full_name: text() });\n");
  return cwd;
}

/**
 * screen replays what a program wrote to its terminal and returns the rows left on screen:
 * enough of a terminal for progress lines (`\r`, erase line) and prompts (cursor up, erase
 * down), so that a test sees what a person would, not the stream of rewrites.
 */
function screen(raw: string, columns = COLUMNS): string[] {
  const rows: string[][] = [[]];
  let row = 0;
  let col = 0;
  const line = () => (rows[row] ??= []);
  for (let i = 0; i < raw.length; i++) {
    const ch = raw[i]!;
    if (ch === '\x1b') {
      const csi = /^\x1b\[([?0-9;]*)([ -\/]*)([@-~])/.exec(raw.slice(i, i + 32));
      if (csi) {
        i += csi[0].length - 1;
        const n = Number.parseInt(csi[1]!.replace('?', ''), 10);
        const count = Number.isNaN(n) || n === 0 ? 1 : n;
        switch (csi[3]) {
          case 'A': row = Math.max(0, row - count); break;
          case 'B': row += count; break;
          case 'C': col += count; break;
          case 'D': col = Math.max(0, col - count); break;
          case 'G': col = count - 1; break;
          case 'E': row += count; col = 0; break;
          case 'F': row = Math.max(0, row - count); col = 0; break;
          case 'K': {
            const mode = Number.isNaN(n) ? 0 : n;
            const l = line();
            if (mode === 0) l.length = Math.min(l.length, col);
            else if (mode === 1) for (let c = 0; c <= col && c < l.length; c++) l[c] = ' ';
            else l.length = 0;
            break;
          }
          case 'J': {
            const mode = Number.isNaN(n) ? 0 : n;
            if (mode === 0) {
              line().length = Math.min(line().length, col);
              rows.length = row + 1;
            } else if (mode === 2 || mode === 3) rows.length = 0;
            break;
          }
          default: break; // colours, cursor visibility: nothing on screen
        }
        continue;
      }
      const osc = /^\x1b\][^\x07]*(\x07|\x1b\\)/.exec(raw.slice(i, i + 256));
      i += osc ? osc[0].length - 1 : 1; // an OSC, or a two-character escape (ESC 7, ESC 8…)
      continue;
    }
    if (ch === '\r') col = 0;
    else if (ch === '\n') row++;
    else if (ch === '\b') col = Math.max(0, col - 1);
    else if (ch >= ' ' || ch === '\t') {
      if (col >= columns) {
        row++;
        col = 0;
      }
      const l = line();
      while (l.length < col) l.push(' ');
      l[col++] = ch;
    }
  }
  return Array.from(rows, (r) => (r ?? []).join('').trimEnd());
}

/** A command run at a pseudo-terminal: its screen is read as it is written, and keys are typed into it. */
class Terminal {
  private raw = '';
  private code: number | null | undefined;
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly listeners = new Set<() => void>();

  constructor(argv: readonly string[], opts: { cwd: string; env: NodeJS.ProcessEnv }) {
    const cmd = argv.map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
    // script's pseudo-terminal has no size of its own (the prompt would wrap a character a
    // line): give it one, then run the command in it.
    this.child = spawn('script', ['-qec', `stty cols ${COLUMNS} rows 50 && exec ${cmd}`, '/dev/null'], { cwd: opts.cwd, env: { ...opts.env, SHELL: '/bin/sh' } });
    const changed = () => this.listeners.forEach((l) => l());
    this.child.stdout.setEncoding('utf8').on('data', (d: string) => ((this.raw += d), changed()));
    this.child.stderr.setEncoding('utf8').on('data', (d: string) => ((this.raw += d), changed()));
    this.child.on('close', (code) => ((this.code = code), changed()));
  }

  /** Everything written to the terminal so far, escapes included. */
  get output(): string {
    return this.raw;
  }

  /** The rows now on screen. */
  get rows(): string[] {
    return screen(this.raw);
  }

  /** The screen, framed for a failure message. */
  show(): string {
    return `---- screen ----\n${this.rows.join('\n')}\n---- end of screen ----`;
  }

  /** Resolves when `ready` holds for the output; fails with the screen when the command exits first or the step times out. */
  private until<T>(what: string, ready: () => T | undefined): Promise<T> {
    return new Promise((resolve, reject) => {
      const done = () => {
        clearTimeout(timer);
        this.listeners.delete(check);
      };
      const check = () => {
        const v = ready();
        if (v !== undefined) {
          done();
          resolve(v);
        } else if (this.code !== undefined) {
          done();
          reject(new Error(`the command exited (${this.code}) before ${what}\n${this.show()}`));
        }
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`no ${what} after ${STEP_TIMEOUT_MS / 1000}s\n${this.show()}`));
      }, STEP_TIMEOUT_MS);
      this.listeners.add(check);
      check();
    });
  }

  /** Waits until `pattern` is on screen. */
  waitFor(pattern: RegExp, what: string): Promise<void> {
    return this.until(what, () => (this.rows.some((r) => pattern.test(r)) ? true : undefined)).then(() => {});
  }

  /** Waits for the command to exit; its exit code. */
  exited(): Promise<number | null> {
    return this.until('the exit', () => (this.code !== undefined ? { code: this.code } : undefined)).then((r) => r.code);
  }

  type(keys: string): void {
    this.child.stdin.write(keys);
  }

  /** Ends the command if it is still running (a failed test) and the input. */
  close(): void {
    if (this.code === undefined) this.child.kill('SIGKILL');
    this.child.stdin.end();
  }
}

test('in CI the suspected rename stops the diff and names the flag; nothing is written', async () => {
  const cwd = project();
  assert.equal((await cairn(['hash'], { cwd })).code, 0);
  const r = await cairn(['diff', 'rename', '--to', 'schema.ts'], { cwd });
  assert.equal(r.code, 1, r.stderr);
  assert.match(r.stderr, /--rename public\.users\.name=full_name/);
  assert.match(r.stderr, /--allow-drop/);
  assert.deepEqual(readdirSync(join(cwd, 'migrations')).sort(), ['20260101000000_init.sql', 'atlas.sum']);
});

test('the screen replay: progress rewrites, erased lines and redrawn prompts leave what a person sees', () => {
  assert.deepEqual(screen('\r\x1b[2Kstarting\r\x1b[2Kreplaying\r\x1b[2K◆  question?\r\n│  ● yes\r\n'), ['◆  question?', '│  ● yes']);
  assert.deepEqual(screen('a\r\nb\r\nc\x1b[2A\r\x1b[Jx\r\n'), ['x']);
  assert.deepEqual(screen('\x1b[36mhello\x1b[39m world\x1b[5D\x1b[K'), ['hello']);
});

test('at a terminal, choosing "rename" writes RENAME COLUMN, not drop + add; progress never garbles the prompt', async () => {
  const cwd = project();
  assert.equal((await cairn(['hash'], { cwd })).code, 0);
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
  delete env.CI;
  delete env.CAIRN_PROGRESS; // the progress line shows, as it does at a person's terminal
  const term = new Terminal([process.execPath, '--import', import.meta.resolve('tsx'), join(ROOT, 'src/cli/bin.ts'), 'diff', 'rename', '--to', 'schema.ts'], { cwd, env });
  try {
    // The question, with its first option (rename) focused: Enter answers it.
    const question = /public\.users\.name is gone and public\.users\.full_name is new: is it a rename\?/;
    await term.waitFor(/● rename: .*public\.users\.name → public\.users\.full_name \(--rename public\.users\.name=full_name\)/, 'rename prompt');
    const asked = term.rows;
    const at = asked.findIndex((r) => question.test(r));
    assert.ok(at >= 0, `the question is on one row\n${term.show()}`);
    // The progress line was erased before the prompt opened: the question's row is the
    // prompt's own (its symbol, then the text), and no progress is left anywhere on screen.
    assert.match(asked[at]!, /^\S {2}(column )?public\.users\.name is gone/, term.show());
    assert.ok(!asked.some((r) => PROGRESS.test(r)), `progress left on screen with the prompt\n${term.show()}`);
    // The diff showed its progress before asking (the terminal rendering was on).
    assert.match(term.output, PROGRESS);

    term.type('\r');
    const code = await term.exited();
    assert.equal(code, 0, term.show());
    const rows = term.rows;
    assert.ok(rows.some((r) => /created migrations\/\d{14}_rename\.sql/.test(r)), term.show());
    // The answered question stays readable above the output; the second run's progress is gone.
    assert.ok(rows.some((r) => question.test(r)), term.show());
    assert.ok(!rows.some((r) => PROGRESS.test(r)), `progress left on screen at the end\n${term.show()}`);
  } finally {
    term.close();
  }
  const written = readdirSync(join(cwd, 'migrations')).filter((f) => f.includes('_rename.sql'));
  assert.equal(written.length, 1, `no migration written:\n${term.show()}`);
  const sql = readFileSync(join(cwd, 'migrations', written[0]!), 'utf8');
  assert.match(sql, /ALTER TABLE "public"\."users" RENAME COLUMN "name" TO "full_name";/);
  assert.doesNotMatch(sql, /DROP COLUMN/);
});
