# hash comment ; here
INSERT INTO t VALUES ('a\'; b', "dq \" ; x", 'back\\'); -- c
SELECT `col;umn` FROM `t``q`; # trailing
/*!40101 SET NAMES utf8mb4 */;
/* plain */ SELECT 2;
