CREATE TABLE `institution_domains` (
	`institution_id` integer NOT NULL,
	`domain` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`institution_id`) REFERENCES `institutions`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `institution_domains_domain_unique` ON `institution_domains` (`domain`);--> statement-breakpoint
CREATE INDEX `institution_domains_institution_idx` ON `institution_domains` (`institution_id`);--> statement-breakpoint
CREATE TABLE `user_affiliations` (
	`user_id` integer NOT NULL,
	`institution_id` integer NOT NULL,
	`method` text NOT NULL,
	`domain` text,
	`vouched_by` integer,
	`verified_at` integer NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`institution_id`) REFERENCES `institutions`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`vouched_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `user_affiliations_user_id_unique` ON `user_affiliations` (`user_id`);--> statement-breakpoint
CREATE INDEX `user_affiliations_institution_idx` ON `user_affiliations` (`institution_id`);--> statement-breakpoint
CREATE INDEX `user_affiliations_vouched_by_idx` ON `user_affiliations` (`vouched_by`);