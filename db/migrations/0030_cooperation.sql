CREATE TABLE `cooperation_items` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`kind` text NOT NULL,
	`title` text NOT NULL,
	`body` text NOT NULL,
	`body_html` text NOT NULL,
	`body_text` text NOT NULL,
	`search_text` text NOT NULL,
	`institution_id` integer NOT NULL,
	`status` text DEFAULT 'open' NOT NULL,
	`sectors` text NOT NULL,
	`themes` text NOT NULL,
	`expertise` text NOT NULL,
	`deadline` text,
	`agreement_id` integer,
	`created_by` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`institution_id`) REFERENCES `institutions`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `cooperation_items_kind_idx` ON `cooperation_items` (`kind`,`id`);--> statement-breakpoint
CREATE INDEX `cooperation_items_status_idx` ON `cooperation_items` (`status`,`id`);--> statement-breakpoint
CREATE INDEX `cooperation_items_institution_idx` ON `cooperation_items` (`institution_id`,`id`);--> statement-breakpoint
CREATE TABLE `cooperation_matches` (
	`item_id` integer NOT NULL,
	`kind` text NOT NULL,
	`ref_id` integer NOT NULL,
	`score` integer NOT NULL,
	PRIMARY KEY(`item_id`, `kind`, `ref_id`),
	FOREIGN KEY (`item_id`) REFERENCES `cooperation_items`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `cooperation_responses` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`item_id` integer NOT NULL,
	`institution_id` integer NOT NULL,
	`author_id` integer,
	`body` text NOT NULL,
	`body_html` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`item_id`) REFERENCES `cooperation_items`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`institution_id`) REFERENCES `institutions`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`author_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `cooperation_responses_item_idx` ON `cooperation_responses` (`item_id`,`id`);