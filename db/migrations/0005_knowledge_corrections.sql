CREATE TABLE `knowledge_corrections` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`kind` text NOT NULL,
	`item_id` integer NOT NULL,
	`user_id` integer,
	`field` text,
	`note` text NOT NULL,
	`status` text DEFAULT 'open' NOT NULL,
	`decided_by` integer,
	`decided_at` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`decided_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `knowledge_corrections_status_idx` ON `knowledge_corrections` (`status`,`id`);--> statement-breakpoint
CREATE INDEX `knowledge_corrections_item_idx` ON `knowledge_corrections` (`kind`,`item_id`);