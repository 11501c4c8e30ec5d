CREATE TABLE "weird;name" ("col""; x" int);
COMMENT ON TABLE "weird;name" IS 'a -- not a comment';
