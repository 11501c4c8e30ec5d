-- detached by the blank line

-- first line
/* block above */
-- last line
CREATE TABLE a (id int); -- trailing, not leading
-- above b
;
CREATE TABLE b (id int);
   -- indented above c
CREATE TABLE c (
  id int -- inside, stays in text
  -- also inside
) -- after the last token
;
