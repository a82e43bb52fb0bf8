CREATE TABLE `erased_usernames` (
	`name_hash` text PRIMARY KEY NOT NULL,
	`erased_at` integer NOT NULL
);
--> statement-breakpoint
ALTER TABLE `users` ADD `deleted_at` integer;--> statement-breakpoint
ALTER TABLE `users` ADD `legal_hold` integer DEFAULT false NOT NULL;