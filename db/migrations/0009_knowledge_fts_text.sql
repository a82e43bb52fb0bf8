-- The knowledge index holds plain words: list and object fields (authors, topics, units, CV…)
-- are flattened to their text values instead of being indexed as JSON, so snippets read as text.
DROP TRIGGER IF EXISTS `resources_fts_insert`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `resources_fts_update`;
--> statement-breakpoint
CREATE TRIGGER `resources_fts_insert` AFTER INSERT ON `resources` BEGIN
	INSERT INTO `knowledge_fts` (`kind`, `item_id`, `title`, `body`) VALUES ('resource', NEW.`id`, NEW.`title`, NEW.`summary` || ' ' || coalesce((SELECT group_concat(value, ' ') FROM json_tree(NEW.`authors`) WHERE type = 'text'), '') || ' ' || coalesce((SELECT group_concat(value, ' ') FROM json_tree(NEW.`topics`) WHERE type = 'text'), ''));
END;
--> statement-breakpoint
CREATE TRIGGER `resources_fts_update` AFTER UPDATE ON `resources` BEGIN
	DELETE FROM `knowledge_fts` WHERE `kind` = 'resource' AND `item_id` = OLD.`id`;
	INSERT INTO `knowledge_fts` (`kind`, `item_id`, `title`, `body`) VALUES ('resource', NEW.`id`, NEW.`title`, NEW.`summary` || ' ' || coalesce((SELECT group_concat(value, ' ') FROM json_tree(NEW.`authors`) WHERE type = 'text'), '') || ' ' || coalesce((SELECT group_concat(value, ' ') FROM json_tree(NEW.`topics`) WHERE type = 'text'), ''));
END;
--> statement-breakpoint
DELETE FROM `knowledge_fts` WHERE `kind` = 'resource';
--> statement-breakpoint
INSERT INTO `knowledge_fts` (`kind`, `item_id`, `title`, `body`) SELECT 'resource', `id`, `title`, `summary` || ' ' || coalesce((SELECT group_concat(value, ' ') FROM json_tree(`authors`) WHERE type = 'text'), '') || ' ' || coalesce((SELECT group_concat(value, ' ') FROM json_tree(`topics`) WHERE type = 'text'), '') FROM `resources`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `experiences_fts_insert`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `experiences_fts_update`;
--> statement-breakpoint
CREATE TRIGGER `experiences_fts_insert` AFTER INSERT ON `experiences` BEGIN
	INSERT INTO `knowledge_fts` (`kind`, `item_id`, `title`, `body`) VALUES ('experience', NEW.`id`, NEW.`title`, NEW.`summary` || ' ' || NEW.`results` || ' ' || coalesce((SELECT group_concat(value, ' ') FROM json_tree(NEW.`partners`) WHERE type = 'text'), ''));
END;
--> statement-breakpoint
CREATE TRIGGER `experiences_fts_update` AFTER UPDATE ON `experiences` BEGIN
	DELETE FROM `knowledge_fts` WHERE `kind` = 'experience' AND `item_id` = OLD.`id`;
	INSERT INTO `knowledge_fts` (`kind`, `item_id`, `title`, `body`) VALUES ('experience', NEW.`id`, NEW.`title`, NEW.`summary` || ' ' || NEW.`results` || ' ' || coalesce((SELECT group_concat(value, ' ') FROM json_tree(NEW.`partners`) WHERE type = 'text'), ''));
END;
--> statement-breakpoint
DELETE FROM `knowledge_fts` WHERE `kind` = 'experience';
--> statement-breakpoint
INSERT INTO `knowledge_fts` (`kind`, `item_id`, `title`, `body`) SELECT 'experience', `id`, `title`, `summary` || ' ' || `results` || ' ' || coalesce((SELECT group_concat(value, ' ') FROM json_tree(`partners`) WHERE type = 'text'), '') FROM `experiences`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `profiles_fts_insert`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `profiles_fts_update`;
--> statement-breakpoint
CREATE TRIGGER `profiles_fts_insert` AFTER INSERT ON `profiles` BEGIN
	INSERT INTO `knowledge_fts` (`kind`, `item_id`, `title`, `body`) VALUES ('profile', NEW.`id`, NEW.`title`, NEW.`national_code` || ' ' || NEW.`purpose` || ' ' || coalesce(NEW.`subsector`, '') || ' ' || coalesce((SELECT group_concat(value, ' ') FROM json_tree(NEW.`units`) WHERE type = 'text'), ''));
END;
--> statement-breakpoint
CREATE TRIGGER `profiles_fts_update` AFTER UPDATE ON `profiles` BEGIN
	DELETE FROM `knowledge_fts` WHERE `kind` = 'profile' AND `item_id` = OLD.`id`;
	INSERT INTO `knowledge_fts` (`kind`, `item_id`, `title`, `body`) VALUES ('profile', NEW.`id`, NEW.`title`, NEW.`national_code` || ' ' || NEW.`purpose` || ' ' || coalesce(NEW.`subsector`, '') || ' ' || coalesce((SELECT group_concat(value, ' ') FROM json_tree(NEW.`units`) WHERE type = 'text'), ''));
END;
--> statement-breakpoint
DELETE FROM `knowledge_fts` WHERE `kind` = 'profile';
--> statement-breakpoint
INSERT INTO `knowledge_fts` (`kind`, `item_id`, `title`, `body`) SELECT 'profile', `id`, `title`, `national_code` || ' ' || `purpose` || ' ' || coalesce(`subsector`, '') || ' ' || coalesce((SELECT group_concat(value, ' ') FROM json_tree(`units`) WHERE type = 'text'), '') FROM `profiles`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `specialists_fts_insert`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `specialists_fts_update`;
--> statement-breakpoint
CREATE TRIGGER `specialists_fts_insert` AFTER INSERT ON `specialists` BEGIN
	INSERT INTO `knowledge_fts` (`kind`, `item_id`, `title`, `body`) VALUES ('specialist', NEW.`id`, NEW.`name`, NEW.`summary` || ' ' || coalesce((SELECT group_concat(value, ' ') FROM json_tree(NEW.`cv`) WHERE type = 'text'), ''));
END;
--> statement-breakpoint
CREATE TRIGGER `specialists_fts_update` AFTER UPDATE ON `specialists` BEGIN
	DELETE FROM `knowledge_fts` WHERE `kind` = 'specialist' AND `item_id` = OLD.`id`;
	INSERT INTO `knowledge_fts` (`kind`, `item_id`, `title`, `body`) VALUES ('specialist', NEW.`id`, NEW.`name`, NEW.`summary` || ' ' || coalesce((SELECT group_concat(value, ' ') FROM json_tree(NEW.`cv`) WHERE type = 'text'), ''));
END;
--> statement-breakpoint
DELETE FROM `knowledge_fts` WHERE `kind` = 'specialist';
--> statement-breakpoint
INSERT INTO `knowledge_fts` (`kind`, `item_id`, `title`, `body`) SELECT 'specialist', `id`, `name`, `summary` || ' ' || coalesce((SELECT group_concat(value, ' ') FROM json_tree(`cv`) WHERE type = 'text'), '') FROM `specialists`;
