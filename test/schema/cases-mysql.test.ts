/** The case table's MySQL column, on the local MariaDB server. */
import { registerCaseTable } from './cases/runner.js';

registerCaseTable('mysql', 'mysql');
