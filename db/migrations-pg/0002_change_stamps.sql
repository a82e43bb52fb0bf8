-- Write counters for the tables processes keep in memory (generated from db/change-stamps.ts: npx tsx db/change-stamps.ts).
CREATE TABLE "change_stamps" ("name" text PRIMARY KEY, "version" bigint NOT NULL);
--> statement-breakpoint
CREATE OR REPLACE FUNCTION public.minga_change_stamp() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO public.change_stamps AS s ("name", "version") VALUES (TG_TABLE_NAME, 1)
    ON CONFLICT ("name") DO UPDATE SET "version" = s."version" + 1;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER "resources_change_stamp" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "resources" FOR EACH STATEMENT EXECUTE FUNCTION public.minga_change_stamp();
--> statement-breakpoint
CREATE TRIGGER "experiences_change_stamp" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "experiences" FOR EACH STATEMENT EXECUTE FUNCTION public.minga_change_stamp();
--> statement-breakpoint
CREATE TRIGGER "profiles_change_stamp" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "profiles" FOR EACH STATEMENT EXECUTE FUNCTION public.minga_change_stamp();
--> statement-breakpoint
CREATE TRIGGER "specialists_change_stamp" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "specialists" FOR EACH STATEMENT EXECUTE FUNCTION public.minga_change_stamp();
--> statement-breakpoint
CREATE TRIGGER "institutions_change_stamp" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "institutions" FOR EACH STATEMENT EXECUTE FUNCTION public.minga_change_stamp();
--> statement-breakpoint
CREATE TRIGGER "knowledge_fts_change_stamp" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "knowledge_fts" FOR EACH STATEMENT EXECUTE FUNCTION public.minga_change_stamp();
