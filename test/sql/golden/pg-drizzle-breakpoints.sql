CREATE TABLE "app" (
	"id" varchar(64) PRIMARY KEY NOT NULL,
	"name" text NOT NULL
);
--> statement-breakpoint
ALTER TABLE "app" ADD CONSTRAINT "app_fk" FOREIGN KEY ("id") REFERENCES "public"."x"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "app_name_idx" ON "app" USING btree ("name")
