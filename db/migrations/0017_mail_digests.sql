CREATE TABLE `mail_digests` (
	`user_id` integer PRIMARY KEY NOT NULL,
	`frequency` text DEFAULT 'weekly' NOT NULL,
	`last_period_key` text,
	`last_sent_at` integer,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
