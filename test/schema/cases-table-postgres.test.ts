/** The case table's PostgreSQL column, on the local PostgreSQL server. */
import { registerCaseTable } from './cases/runner.js';

registerCaseTable('postgres', 'postgres');
