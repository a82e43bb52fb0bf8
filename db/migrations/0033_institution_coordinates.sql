ALTER TABLE `institutions` ADD `lat` real;--> statement-breakpoint
ALTER TABLE `institutions` ADD `lon` real;