CREATE INDEX `experiences_created_idx` ON `experiences` (`created_at`);--> statement-breakpoint
CREATE INDEX `profiles_created_idx` ON `profiles` (`created_at`);--> statement-breakpoint
CREATE INDEX `resources_created_idx` ON `resources` (`created_at`);--> statement-breakpoint
CREATE INDEX `specialists_created_idx` ON `specialists` (`created_at`);