/** The case table's SQLite column, on SQLite files. */
import { registerCaseTable } from './cases/runner.js';

registerCaseTable('sqlite', 'sqlite');
