CREATE TABLE `thread_reads` (
	`user_id` integer NOT NULL,
	`thread_id` integer NOT NULL,
	`last_read` integer NOT NULL,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`user_id`, `thread_id`),
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`thread_id`) REFERENCES `threads`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `thread_reads_thread_idx` ON `thread_reads` (`thread_id`);--> statement-breakpoint
ALTER TABLE `posts` ADD `number` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE INDEX `posts_thread_number_idx` ON `posts` (`thread_id`,`number`);--> statement-breakpoint
-- Existing posts are numbered in reading order within their thread.
UPDATE `posts` SET `number` = (SELECT count(*) FROM `posts` AS `p` WHERE `p`.`thread_id` = `posts`.`thread_id` AND `p`.`id` <= `posts`.`id`);
