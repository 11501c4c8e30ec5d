INSERT INTO t VALUES ('héllo ✓ 😀'); SELECT 'ünï';
SELECT "naïve" FROM "表";
