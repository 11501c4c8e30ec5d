/*
  Warnings:

  - You are about to drop the `team_website` table. If the table is not empty, all the data it contains will be lost.

*/
-- AlterTable
ALTER TABLE `team` ADD COLUMN `deleted_at` TIMESTAMP(0) NULL,
    ADD COLUMN `logo_url` VARCHAR(2183) NULL;

-- MigrateData
UPDATE `website` SET created_by = user_id WHERE team_id IS NULL;
