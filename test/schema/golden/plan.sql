-- up
-- drop view public.names
DROP VIEW "public"."names";
-- rename column public.users.name to full_name
ALTER TABLE "public"."users" RENAME COLUMN "name" TO "full_name";
-- drop index users_email_idx of public.users
DROP INDEX "public"."users_email_idx";
-- add value 'doing' to enum public.status
ALTER TYPE "public"."status" ADD VALUE 'doing' BEFORE 'done';
-- create table public.posts
CREATE TABLE "public"."posts" (
  "id" bigserial NOT NULL,
  "user_id" bigint NOT NULL,
  "title" text,
  CONSTRAINT "posts_pkey" PRIMARY KEY ("id")
);
-- add column public.users.status
ALTER TABLE "public"."users" ADD COLUMN "status" public.status NOT NULL DEFAULT 'new'::public.status;
-- add unique users_email_key to public.users
ALTER TABLE "public"."users" ADD CONSTRAINT "users_email_key" UNIQUE ("email");
-- create index posts_user_id_idx on public.posts
CREATE INDEX "posts_user_id_idx" ON "public"."posts" USING btree ("user_id");
-- add foreignKey posts_user_id_fkey to public.posts
ALTER TABLE "public"."posts" ADD CONSTRAINT "posts_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "public"."users" ("id") ON UPDATE NO ACTION ON DELETE CASCADE;
-- create view public.names
CREATE VIEW "public"."names" AS SELECT id,
    full_name,
    status
   FROM public.users;
-- set comment on table "public"."posts"
COMMENT ON TABLE "public"."posts" IS 'what users write';

-- down
-- reverse: set comment on table "public"."posts"
COMMENT ON TABLE "public"."posts" IS NULL;
-- reverse: create view public.names
DROP VIEW "public"."names";
-- reverse: add foreignKey posts_user_id_fkey to public.posts
ALTER TABLE "public"."posts" DROP CONSTRAINT "posts_user_id_fkey";
-- reverse: create index posts_user_id_idx on public.posts
DROP INDEX "public"."posts_user_id_idx";
-- reverse: add unique users_email_key to public.users
ALTER TABLE "public"."users" DROP CONSTRAINT "users_email_key";
-- reverse: add column public.users.status
ALTER TABLE "public"."users" DROP COLUMN "status";
-- reverse: create table public.posts
DROP TABLE "public"."posts";
-- reverse: add value 'doing' to enum public.status (1/3)
ALTER TYPE "public"."status" RENAME TO "status__cairn_old";
-- reverse: add value 'doing' to enum public.status (2/3)
CREATE TYPE "public"."status" AS ENUM ('new', 'done');
-- reverse: add value 'doing' to enum public.status (3/3)
DROP TYPE "public"."status__cairn_old";
-- reverse: drop index users_email_idx of public.users
CREATE INDEX "users_email_idx" ON "public"."users" USING btree ("email");
-- reverse: rename column public.users.name to full_name
ALTER TABLE "public"."users" RENAME COLUMN "full_name" TO "name";
-- reverse: drop view public.names
CREATE VIEW "public"."names" AS SELECT id,
    name
   FROM public.users;
