-- atlas:delimiter -- end

CREATE TABLE a (id int);
INSERT INTO a VALUES (1);
-- end
CREATE TABLE b (id int)
-- end
