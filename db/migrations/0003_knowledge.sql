CREATE TABLE `experience_resources` (
	`experience_id` integer NOT NULL,
	`resource_id` integer NOT NULL,
	PRIMARY KEY(`experience_id`, `resource_id`),
	FOREIGN KEY (`experience_id`) REFERENCES `experiences`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`resource_id`) REFERENCES `resources`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `experience_resources_resource_idx` ON `experience_resources` (`resource_id`);--> statement-breakpoint
CREATE TABLE `experiences` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`title` text NOT NULL,
	`summary` text DEFAULT '' NOT NULL,
	`theme` text NOT NULL,
	`institution_id` integer,
	`country_code` text,
	`start_year` integer,
	`end_year` integer,
	`partners` text NOT NULL,
	`results` text DEFAULT '' NOT NULL,
	`languages` text NOT NULL,
	`sector` text,
	`created_by` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`institution_id`) REFERENCES `institutions`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`country_code`) REFERENCES `countries`(`code`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `experiences_country_idx` ON `experiences` (`country_code`);--> statement-breakpoint
CREATE INDEX `experiences_theme_idx` ON `experiences` (`theme`);--> statement-breakpoint
CREATE TABLE `knowledge_revisions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`kind` text NOT NULL,
	`item_id` integer NOT NULL,
	`editor_id` integer,
	`changes` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`editor_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `knowledge_revisions_item_idx` ON `knowledge_revisions` (`kind`,`item_id`,`id`);--> statement-breakpoint
CREATE TABLE `profiles` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`national_code` text NOT NULL,
	`title` text NOT NULL,
	`sector` text,
	`subsector` text,
	`country_code` text,
	`institution_id` integer,
	`level` text,
	`isco_code` text,
	`purpose` text DEFAULT '' NOT NULL,
	`units` text NOT NULL,
	`curriculum` text NOT NULL,
	`evaluation` text DEFAULT '' NOT NULL,
	`validated_by` text,
	`validated_year` integer,
	`language` text NOT NULL,
	`created_by` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`country_code`) REFERENCES `countries`(`code`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`institution_id`) REFERENCES `institutions`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `profiles_country_idx` ON `profiles` (`country_code`);--> statement-breakpoint
CREATE INDEX `profiles_sector_idx` ON `profiles` (`sector`);--> statement-breakpoint
CREATE INDEX `profiles_isco_idx` ON `profiles` (`isco_code`);--> statement-breakpoint
CREATE TABLE `resources` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`title` text NOT NULL,
	`summary` text DEFAULT '' NOT NULL,
	`type` text NOT NULL,
	`languages` text NOT NULL,
	`country_code` text,
	`institution_id` integer,
	`authors` text NOT NULL,
	`year` integer,
	`sector` text,
	`topics` text NOT NULL,
	`audiences` text NOT NULL,
	`modality` text,
	`format` text,
	`licence` text,
	`url` text,
	`file_id` integer,
	`created_by` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`country_code`) REFERENCES `countries`(`code`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`institution_id`) REFERENCES `institutions`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `resources_country_idx` ON `resources` (`country_code`);--> statement-breakpoint
CREATE INDEX `resources_sector_idx` ON `resources` (`sector`);--> statement-breakpoint
CREATE INDEX `resources_type_idx` ON `resources` (`type`);--> statement-breakpoint
CREATE INDEX `resources_institution_idx` ON `resources` (`institution_id`);--> statement-breakpoint
CREATE INDEX `resources_year_idx` ON `resources` (`year`);--> statement-breakpoint
CREATE TABLE `specialists` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`institution_id` integer,
	`country_code` text,
	`expertise` text NOT NULL,
	`languages` text NOT NULL,
	`summary` text DEFAULT '' NOT NULL,
	`cv` text NOT NULL,
	`availability` text NOT NULL,
	`cv_visibility` text NOT NULL,
	`user_id` integer,
	`created_by` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`institution_id`) REFERENCES `institutions`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`country_code`) REFERENCES `countries`(`code`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `specialists_user_unique` ON `specialists` (`user_id`);--> statement-breakpoint
CREATE INDEX `specialists_country_idx` ON `specialists` (`country_code`);--> statement-breakpoint
CREATE TABLE `vocab_terms` (
	`scheme` text NOT NULL,
	`code` text NOT NULL,
	`label_es` text NOT NULL,
	`label_pt` text NOT NULL,
	`label_en` text NOT NULL,
	`parent_code` text,
	`position` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`scheme`, `code`)
);
--> statement-breakpoint
ALTER TABLE `institutions` ADD `type` text;--> statement-breakpoint
ALTER TABLE `institutions` ADD `description` text DEFAULT '' NOT NULL;