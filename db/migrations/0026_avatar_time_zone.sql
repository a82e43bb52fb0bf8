ALTER TABLE `users` ADD `avatar_sha256` text;--> statement-breakpoint
ALTER TABLE `users` ADD `time_zone` text;