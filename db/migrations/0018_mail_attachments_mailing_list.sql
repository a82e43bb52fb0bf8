CREATE TABLE `mailing_list_queue` (
	`post_id` integer PRIMARY KEY NOT NULL,
	`due_at` integer NOT NULL,
	FOREIGN KEY (`post_id`) REFERENCES `posts`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `mailing_list_queue_due_idx` ON `mailing_list_queue` (`due_at`);--> statement-breakpoint
CREATE TABLE `mailing_list_subscriptions` (
	`user_id` integer NOT NULL,
	`community_id` integer NOT NULL,
	`token` text NOT NULL,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`user_id`, `community_id`),
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`community_id`) REFERENCES `communities`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `mailing_list_subscriptions_community_idx` ON `mailing_list_subscriptions` (`community_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `mailing_list_subscriptions_token_unique` ON `mailing_list_subscriptions` (`token`);--> statement-breakpoint
ALTER TABLE `mail_outbox` ADD `attachments` text;