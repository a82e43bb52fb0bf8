CREATE TABLE `community_invitations` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`community_id` integer NOT NULL,
	`token_hash` text NOT NULL,
	`created_by` integer,
	`email` text,
	`max_uses` integer,
	`uses` integer DEFAULT 0 NOT NULL,
	`expires_at` integer NOT NULL,
	`revoked_at` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`community_id`) REFERENCES `communities`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `community_invitations_token_unique` ON `community_invitations` (`token_hash`);--> statement-breakpoint
CREATE INDEX `community_invitations_community_idx` ON `community_invitations` (`community_id`,`id`);--> statement-breakpoint
CREATE INDEX `community_invitations_email_idx` ON `community_invitations` (`email`);--> statement-breakpoint
CREATE INDEX `community_invitations_creator_idx` ON `community_invitations` (`created_by`);--> statement-breakpoint
ALTER TABLE `communities` ADD `listed` integer DEFAULT false NOT NULL;