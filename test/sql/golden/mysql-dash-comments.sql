UPDATE t SET a = a--1; -- real comment ;
SELECT 1 --	comment with tab ;
;
SELECT 2;--
SELECT 3;
--> statement-breakpoint
SELECT 4
