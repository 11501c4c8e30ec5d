/** The module `cairn new <name> --ts` writes: a typed, empty code migration. */
export function codeMigrationSkeleton(): string {
  return `import { defineMigration } from 'cairn-migrate';

export default defineMigration({
  async up(ctx) {
    // Values in \${…} are bound as parameters; names go through ctx.sql.id(…).
    // await ctx.sql\`UPDATE orders SET total = \${0} WHERE total IS NULL\`;
  },
  async down(ctx) {
    // The reverse of up. Also give \`downSql\` (SQL text) so that an older binary, whose
    // directory lacks this file, can roll it back from the revision table.
  },
  // transaction: false,   // for a long backfill that commits in batches: up must then be idempotent
});
`;
}
