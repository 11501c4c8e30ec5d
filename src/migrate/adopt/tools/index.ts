/** The tools adopt reads, one module each; a Record keeps the list exhaustive at compile time. */
import type { AdoptTool, ToolName } from '../types.js';
import { atlasTool } from './atlas.js';
import { dbmateTool } from './dbmate.js';
import { drizzleTool } from './drizzle.js';
import { flywayTool } from './flyway.js';
import { golangMigrateTool } from './golang-migrate.js';
import { gooseTool } from './goose.js';
import { gormigrateTool } from './gormigrate.js';
import { knexTool } from './knex.js';
import { liquibaseTool } from './liquibase.js';
import { prismaTool } from './prisma.js';

export const TOOLS: Readonly<Record<ToolName, AdoptTool>> = Object.freeze({
  prisma: prismaTool,
  drizzle: drizzleTool,
  knex: knexTool,
  'golang-migrate': golangMigrateTool,
  goose: gooseTool,
  flyway: flywayTool,
  atlas: atlasTool,
  dbmate: dbmateTool,
  gormigrate: gormigrateTool,
  liquibase: liquibaseTool,
});
