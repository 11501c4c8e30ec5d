-- atlas:nolint destructive DS103

-- atlas:nolint MF101
DROP TABLE a;
-- a plain comment

DROP TABLE b;
