CREATE TABLE `agreement_areas` (
	`agreement_id` integer NOT NULL,
	`scheme` text NOT NULL,
	`code` text NOT NULL,
	PRIMARY KEY(`agreement_id`, `scheme`, `code`),
	FOREIGN KEY (`agreement_id`) REFERENCES `agreements`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `agreement_documents` (
	`agreement_id` integer NOT NULL,
	`file_id` integer NOT NULL,
	`added_by` integer,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`agreement_id`, `file_id`),
	FOREIGN KEY (`agreement_id`) REFERENCES `agreements`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`file_id`) REFERENCES `files`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`added_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `agreement_documents_file_idx` ON `agreement_documents` (`file_id`);--> statement-breakpoint
CREATE TABLE `agreement_parties` (
	`agreement_id` integer NOT NULL,
	`institution_id` integer NOT NULL,
	`signed_on` text,
	`position` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`agreement_id`, `institution_id`),
	FOREIGN KEY (`agreement_id`) REFERENCES `agreements`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`institution_id`) REFERENCES `institutions`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `agreement_parties_institution_idx` ON `agreement_parties` (`institution_id`,`agreement_id`);--> statement-breakpoint
CREATE TABLE `agreement_people` (
	`agreement_id` integer NOT NULL,
	`user_id` integer NOT NULL,
	`institution_id` integer NOT NULL,
	`nominated_by` integer,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`agreement_id`, `user_id`),
	FOREIGN KEY (`agreement_id`) REFERENCES `agreements`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`institution_id`) REFERENCES `institutions`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`nominated_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `agreement_people_user_idx` ON `agreement_people` (`user_id`);--> statement-breakpoint
CREATE TABLE `agreements` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`title` text NOT NULL,
	`start_date` text NOT NULL,
	`end_date` text,
	`objectives_source` text DEFAULT '' NOT NULL,
	`objectives_html` text DEFAULT '' NOT NULL,
	`status` text NOT NULL,
	`space_community_id` integer,
	`from_cooperation_id` integer,
	`created_by` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`space_community_id`) REFERENCES `communities`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `agreements_start_idx` ON `agreements` (`start_date`,`id`);--> statement-breakpoint
CREATE INDEX `agreements_space_idx` ON `agreements` (`space_community_id`);--> statement-breakpoint
ALTER TABLE `communities` ADD `archived_at` integer;