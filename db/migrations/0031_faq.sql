CREATE TABLE `experience_proposals` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`thread_id` integer NOT NULL,
	`post_id` integer NOT NULL,
	`draft` text NOT NULL,
	`status` text NOT NULL,
	`experience_id` integer,
	`proposer_id` integer,
	`reviewer_id` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`thread_id`) REFERENCES `threads`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`post_id`) REFERENCES `posts`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`proposer_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`reviewer_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `experience_proposals_thread_unique` ON `experience_proposals` (`thread_id`);--> statement-breakpoint
CREATE INDEX `experience_proposals_status_idx` ON `experience_proposals` (`status`);--> statement-breakpoint
CREATE TABLE `faq_entries` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`thread_id` integer NOT NULL,
	`post_id` integer NOT NULL,
	`question` text NOT NULL,
	`question_body` text NOT NULL,
	`question_html` text NOT NULL,
	`answer` text NOT NULL,
	`answer_html` text NOT NULL,
	`search_text` text NOT NULL,
	`topic_scheme` text,
	`topic_code` text,
	`language` text,
	`status` text NOT NULL,
	`proposer_id` integer,
	`reviewer_id` integer,
	`published_at` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`thread_id`) REFERENCES `threads`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`post_id`) REFERENCES `posts`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`proposer_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`reviewer_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `faq_entries_thread_unique` ON `faq_entries` (`thread_id`);--> statement-breakpoint
CREATE INDEX `faq_entries_status_idx` ON `faq_entries` (`status`,`topic_scheme`,`topic_code`);--> statement-breakpoint
CREATE TABLE `record_sources` (
	`link_type` text NOT NULL,
	`target_id` integer NOT NULL,
	`post_id` integer NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`post_id`) REFERENCES `posts`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `record_sources_unique` ON `record_sources` (`link_type`,`target_id`,`post_id`);