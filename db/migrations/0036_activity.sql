CREATE TABLE `activity_answers` (
	`thread_id` integer PRIMARY KEY NOT NULL,
	`community_id` integer NOT NULL,
	`country_code` text NOT NULL,
	`day` text NOT NULL,
	`hours` real NOT NULL
);
--> statement-breakpoint
CREATE INDEX `activity_answers_day_idx` ON `activity_answers` (`day`,`community_id`,`country_code`,`hours`);--> statement-breakpoint
CREATE TABLE `activity_daily` (
	`day` text NOT NULL,
	`community_id` integer NOT NULL,
	`country_code` text NOT NULL,
	`posts` integer DEFAULT 0 NOT NULL,
	`members` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`day`, `community_id`, `country_code`)
);
--> statement-breakpoint
CREATE INDEX `activity_daily_community_idx` ON `activity_daily` (`community_id`,`day`);--> statement-breakpoint
CREATE INDEX `activity_daily_country_idx` ON `activity_daily` (`country_code`,`day`,`community_id`,`posts`,`members`);--> statement-breakpoint
CREATE TABLE `activity_threads` (
	`thread_id` integer PRIMARY KEY NOT NULL,
	`community_id` integer NOT NULL,
	`hidden` integer DEFAULT false NOT NULL
);
--> statement-breakpoint
CREATE TABLE `knowledge_use_daily` (
	`kind` text NOT NULL,
	`record_id` integer NOT NULL,
	`day` text NOT NULL,
	`views` integer DEFAULT 0 NOT NULL,
	`downloads` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`kind`, `record_id`, `day`)
);
--> statement-breakpoint
CREATE INDEX `knowledge_use_day_idx` ON `knowledge_use_daily` (`day`,`kind`,`record_id`,`views`,`downloads`);