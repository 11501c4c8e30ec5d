CREATE TABLE a (id int);
-- note
CREATE TABLE b (id int);

SELECT 1