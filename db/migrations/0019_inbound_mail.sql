CREATE TABLE `mail_bounces` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`user_id` integer NOT NULL,
	`address` text NOT NULL,
	`hard_bounces` integer DEFAULT 0 NOT NULL,
	`last_status` text,
	`last_bounce_at` integer,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `mail_bounces_user_address_unique` ON `mail_bounces` (`user_id`,`address`);--> statement-breakpoint
CREATE TABLE `mail_inbound_messages` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`message_id` text NOT NULL,
	`kind` text NOT NULL,
	`outcome` text NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `mail_inbound_messages_id_unique` ON `mail_inbound_messages` (`message_id`);--> statement-breakpoint
CREATE TABLE `mail_reply_keys` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`key_hash` text NOT NULL,
	`user_id` integer NOT NULL,
	`thread_id` integer NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`thread_id`) REFERENCES `threads`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `mail_reply_keys_hash_unique` ON `mail_reply_keys` (`key_hash`);--> statement-breakpoint
CREATE INDEX `mail_reply_keys_user_idx` ON `mail_reply_keys` (`user_id`);--> statement-breakpoint
ALTER TABLE `mail_outbox` ADD `bounce_key` text;--> statement-breakpoint
CREATE UNIQUE INDEX `mail_outbox_bounce_key_unique` ON `mail_outbox` (`bounce_key`);