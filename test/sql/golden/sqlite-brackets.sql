CREATE TABLE [my;table] ([a]]b] int, `c;d` int);
SELECT [x] FROM [my;table];
