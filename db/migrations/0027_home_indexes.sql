CREATE INDEX `posts_visible_number_idx` ON `posts` (`thread_id`,`number`) WHERE "posts"."hidden" = 0 AND "posts"."deleted_at" IS NULL;--> statement-breakpoint
CREATE INDEX `experiences_created_idx` ON `experiences` (`created_at`);--> statement-breakpoint
CREATE INDEX `profiles_created_idx` ON `profiles` (`created_at`);--> statement-breakpoint
CREATE INDEX `resources_created_idx` ON `resources` (`created_at`);--> statement-breakpoint
CREATE INDEX `specialists_created_idx` ON `specialists` (`created_at`);