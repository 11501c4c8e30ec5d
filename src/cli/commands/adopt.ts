import type { Command } from 'commander';
import { Option } from 'commander';
import { EXIT } from '../../errors.js';
import { parseDuration } from '../../config/duration.js';
import { TOOL_NAMES, type AdoptMapping, type AdoptResult, type ToolName } from '../../migrate/adopt/types.js';
import { describeTarget } from '../output.js';
import { action, colors, requireUrl } from '../run.js';

/** `cairn adopt --from <tool>`: record what another tool applied as Cairn revisions. */
export function registerAdoptCommand(program: Command): void {
  program
    .command('adopt')
    .description("record the migrations another tool applied (read from its history table) as Cairn revisions, after matching each to the directory")
    .addOption(new Option('--from <tool>', 'the tool that migrated the database').choices(TOOL_NAMES as unknown as string[]).makeOptionMandatory())
    .option('-u, --url <url>', 'target database URL (or DATABASE_URL)')
    .option('--dry-run', 'print the mapping of the tool\'s entries to the directory; write nothing')
    .option('--tool-table <name>', "the tool's history table, when configured away from its default name")
    .option('--tool-schema <name>', "the schema/database of the tool's history table, when not the default")
    .option('--revisions-table <name>', 'revision table name (default cairn_revisions)')
    .option('--revisions-schema <name>', 'schema/database of the revision table')
    .option('--lock-timeout <duration>', 'how long to wait for another runner (default 10s)')
    .action(
      action(async (ctx, _args, opts) => {
        const { adopt } = await import('../../commands/adopt.js');
        const r = await adopt({
          url: requireUrl(ctx),
          dir: ctx.options.dir,
          format: ctx.options.dirFormat,
          from: opts.from as ToolName,
          dryRun: Boolean(opts.dryRun),
          toolTable: opts.toolTable as string | undefined,
          toolSchema: opts.toolSchema as string | undefined,
          revisionsTable: ctx.options.revisionsTable,
          revisionsSchema: ctx.options.revisionsSchema,
          lockTimeoutMs: parseDuration(ctx.options.lockTimeout ?? '10s', '--lock-timeout'),
          onWarning: ctx.json ? undefined : (w) => ctx.io.err(colors(ctx).yellow(`warning: ${w.file}: ${w.reason}`)),
        });
        const c = colors(ctx);
        const lines = [describeTarget(r.target), ...(r.dryRun ? mappingTable(r.mapping, c) : []), ...summary(r)];
        return { data: r, text: lines, exitCode: r.problems.length > 0 ? EXIT.INTEGRITY : EXIT.OK };
      }),
    );
}

/** The mapping as aligned columns; refused rows in red, with their reason under them. */
function mappingTable(rows: readonly AdoptMapping[], c: ReturnType<typeof colors>): string[] {
  const cells = rows.map((m) => [m.version ?? '-', m.key ?? '-', m.status + (m.recorded ? ' (recorded)' : ''), m.checksum ?? '-', m.file ?? '']);
  const head = ['VERSION', 'TOOL ENTRY', 'STATUS', 'CHECKSUM', 'FILE'];
  const width = head.map((h, i) => Math.min(48, Math.max(h.length, ...cells.map((r) => r[i]!.length))));
  const line = (r: readonly string[]) => r.map((x, i) => (i === r.length - 1 ? x : x.padEnd(width[i]!))).join('  ').trimEnd();
  const out = [line(head)];
  rows.forEach((m, i) => {
    out.push(m.problem ? c.red(line(cells[i]!)) : line(cells[i]!));
    if (m.problem) out.push(c.red(`    refused: ${m.problem}`));
    else if (m.note) out.push(c.dim(`    ${m.note}`));
  });
  return out;
}

function summary(r: AdoptResult): string[] {
  const pending = r.mapping.filter((m) => m.status === 'pending' && !m.problem).length;
  const from = `${r.tool} (${r.toolTable})`;
  const baseline = r.baseline !== undefined ? ` and baseline ${r.baseline}` : '';
  if (r.problems.length > 0) return [`dry run: adopt would refuse ${r.problems.length} problem(s); nothing written:`, ...r.problems.map((p) => `  ${p}`)];
  if (r.alreadyAdopted) return [`already adopted: Cairn's revision table records every migration ${from} applied; nothing written`];
  if (r.written.length === 0 && r.baseline === undefined) return [`${from} records no applied migration of this directory: nothing to adopt (${pending} pending)`];
  const counted = `${r.written.length} migration(s)${baseline} from ${from} as applied; ${pending} pending`;
  if (r.dryRun) return [`dry run: would record ${counted}; nothing written`];
  return [`recorded ${counted}`, `${r.toolTable} is left in place; once every deploy runs Cairn: ${r.dropHint}`];
}
