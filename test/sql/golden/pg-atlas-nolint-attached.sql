-- atlas:nolint
DROP TABLE a;
