ALTER TABLE `threads` ADD `expertise` text;--> statement-breakpoint
ALTER TABLE `threads` ADD `addressed_specialist_id` integer;