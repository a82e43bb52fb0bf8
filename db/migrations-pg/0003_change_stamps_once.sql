-- Write counters moved once per statement, not once per record (generated from db/change-stamps.ts: npx tsx db/change-stamps.ts).
CREATE OR REPLACE FUNCTION public.minga_change_stamp() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO public.change_stamps AS s ("name", "version")
    SELECT n, 1 FROM unnest(array_append(TG_ARGV, TG_TABLE_NAME::text)) AS n
    ON CONFLICT ("name") DO UPDATE SET "version" = s."version" + 1;
  RETURN NULL;
END $$;
--> statement-breakpoint
DROP TRIGGER IF EXISTS "resources_change_stamp" ON "resources";
--> statement-breakpoint
CREATE TRIGGER "resources_change_stamp" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "resources" FOR EACH STATEMENT EXECUTE FUNCTION public.minga_change_stamp('knowledge_fts');
--> statement-breakpoint
DROP TRIGGER IF EXISTS "experiences_change_stamp" ON "experiences";
--> statement-breakpoint
CREATE TRIGGER "experiences_change_stamp" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "experiences" FOR EACH STATEMENT EXECUTE FUNCTION public.minga_change_stamp('knowledge_fts');
--> statement-breakpoint
DROP TRIGGER IF EXISTS "profiles_change_stamp" ON "profiles";
--> statement-breakpoint
CREATE TRIGGER "profiles_change_stamp" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "profiles" FOR EACH STATEMENT EXECUTE FUNCTION public.minga_change_stamp('knowledge_fts');
--> statement-breakpoint
DROP TRIGGER IF EXISTS "specialists_change_stamp" ON "specialists";
--> statement-breakpoint
CREATE TRIGGER "specialists_change_stamp" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "specialists" FOR EACH STATEMENT EXECUTE FUNCTION public.minga_change_stamp('knowledge_fts');
--> statement-breakpoint
DROP TRIGGER IF EXISTS "institutions_change_stamp" ON "institutions";
--> statement-breakpoint
CREATE TRIGGER "institutions_change_stamp" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "institutions" FOR EACH STATEMENT EXECUTE FUNCTION public.minga_change_stamp('knowledge_fts');
--> statement-breakpoint
DROP TRIGGER IF EXISTS "knowledge_fts_change_stamp" ON "knowledge_fts";
--> statement-breakpoint
CREATE TRIGGER "knowledge_fts_change_stamp" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "knowledge_fts" FOR EACH STATEMENT WHEN (pg_trigger_depth() < 1) EXECUTE FUNCTION public.minga_change_stamp();
