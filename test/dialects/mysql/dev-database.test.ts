/** What `cairn diff` asks of a MySQL/MariaDB dev server: its version, and whether its user may make a scratch database. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import mysql from 'mysql2/promise';
import { connect } from '../../../src/dialects/registry.js';
import { mysqlDevDatabase } from '../../../src/dialects/mysql/dev-database.js';
import { MYSQL_ADMIN_URL } from '../../helpers/db.js';

test('the server version names MariaDB and its minor version; major tells families and minors apart', async () => {
  const conn = await connect(MYSQL_ADMIN_URL);
  try {
    const v = await mysqlDevDatabase.serverVersion(conn);
    assert.match(v.label, /^MariaDB 1\d\.\d+$/);
    const [maj, min] = v.label.replace('MariaDB ', '').split('.').map(Number);
    assert.equal(v.major, 100000 + maj * 100 + min);
    assert.equal(await mysqlDevDatabase.canCreateDatabase(conn), true);
  } finally {
    await conn.close();
  }
});

test('a user without CREATE may not host a scratch database, and its refusal is a privilege error', async () => {
  const user = `cairn_nodev_${process.pid}`;
  const admin = await mysql.createConnection(MYSQL_ADMIN_URL);
  await admin.query(`CREATE USER IF NOT EXISTS '${user}'@'%'`);
  await admin.query(`CREATE USER IF NOT EXISTS '${user}'@'localhost'`);
  await admin.query(`GRANT SELECT ON *.* TO '${user}'@'%'`);
  await admin.query(`GRANT SELECT ON *.* TO '${user}'@'localhost'`);
  try {
    const u = new URL(MYSQL_ADMIN_URL);
    u.username = user;
    u.pathname = '/';
    const conn = await connect(u.toString());
    try {
      assert.equal(await mysqlDevDatabase.canCreateDatabase(conn), false);
      const err = await conn.exec('CREATE DATABASE cairn_dev_nope').then(() => undefined, (e: unknown) => e);
      assert.ok(err, 'CREATE DATABASE is refused');
      assert.equal(mysqlDevDatabase.isPrivilegeError(err), true);
      assert.equal(mysqlDevDatabase.isPrivilegeError(new Error('other')), false);
      assert.match(mysqlDevDatabase.privilegeHint ?? '', /GRANT CREATE, DROP ON \*\.\*/);
      assert.equal(mysqlDevDatabase.missingRole(err), undefined);
    } finally {
      await conn.close();
    }
  } finally {
    await admin.query(`DROP USER IF EXISTS '${user}'@'%'`);
    await admin.query(`DROP USER IF EXISTS '${user}'@'localhost'`);
    await admin.end();
  }
});
