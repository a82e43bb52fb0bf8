ALTER TABLE `notifications` ADD `reason` text;--> statement-breakpoint
ALTER TABLE `notifications` ADD `others` integer DEFAULT 0 NOT NULL;