CREATE TABLE `news_items` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`author_id` integer,
	`title` text NOT NULL,
	`summary` text NOT NULL,
	`body` text NOT NULL,
	`body_html` text NOT NULL,
	`language` text NOT NULL,
	`country_code` text,
	`institution_id` integer,
	`thread_id` integer,
	`image_version` text,
	`published_at` integer NOT NULL,
	`unpublished_at` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`author_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`country_code`) REFERENCES `countries`(`code`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`institution_id`) REFERENCES `institutions`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`thread_id`) REFERENCES `threads`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `news_items_published_idx` ON `news_items` (`published_at`,`id`);--> statement-breakpoint
CREATE INDEX `news_items_institution_idx` ON `news_items` (`institution_id`,`published_at`);--> statement-breakpoint
CREATE INDEX `news_items_country_idx` ON `news_items` (`country_code`,`published_at`);--> statement-breakpoint
CREATE INDEX `news_items_thread_idx` ON `news_items` (`thread_id`);--> statement-breakpoint
CREATE TABLE `news_topics` (
	`news_id` integer NOT NULL,
	`code` text NOT NULL,
	PRIMARY KEY(`news_id`, `code`),
	FOREIGN KEY (`news_id`) REFERENCES `news_items`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `news_topics_code_idx` ON `news_topics` (`code`,`news_id`);