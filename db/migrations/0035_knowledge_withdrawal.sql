-- Withdrawn records (tombstones): three columns on each knowledge base, and their full-text
-- triggers again, generated from server/modules/search/index-sql.ts (withdrawalTriggerStatements()):
-- a withdrawn record is not indexed, so no search, type-ahead, list or link picker finds it.
ALTER TABLE `experiences` ADD `withdrawn_at` integer;--> statement-breakpoint
ALTER TABLE `experiences` ADD `withdrawn_by` integer REFERENCES users(id);--> statement-breakpoint
ALTER TABLE `experiences` ADD `withdrawn_reason` text;--> statement-breakpoint
ALTER TABLE `profiles` ADD `withdrawn_at` integer;--> statement-breakpoint
ALTER TABLE `profiles` ADD `withdrawn_by` integer REFERENCES users(id);--> statement-breakpoint
ALTER TABLE `profiles` ADD `withdrawn_reason` text;--> statement-breakpoint
ALTER TABLE `resources` ADD `withdrawn_at` integer;--> statement-breakpoint
ALTER TABLE `resources` ADD `withdrawn_by` integer REFERENCES users(id);--> statement-breakpoint
ALTER TABLE `resources` ADD `withdrawn_reason` text;--> statement-breakpoint
ALTER TABLE `specialists` ADD `withdrawn_at` integer;--> statement-breakpoint
ALTER TABLE `specialists` ADD `withdrawn_by` integer REFERENCES users(id);--> statement-breakpoint
ALTER TABLE `specialists` ADD `withdrawn_reason` text;--> statement-breakpoint
DROP TRIGGER IF EXISTS `resources_fts_insert`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `resources_fts_update`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `resources_fts_delete`;
--> statement-breakpoint
CREATE TRIGGER `resources_fts_insert` AFTER INSERT ON `resources` BEGIN
	INSERT INTO `knowledge_fts` (`rowid`, `kind`, `item_id`, `title`, `body`) SELECT NEW.`id` * 8 + 1, 'resource', NEW.`id`, NEW.`title`, NEW.`summary` || ' ' || coalesce((SELECT group_concat(value, ' ') FROM json_tree(NEW.`authors`) WHERE type = 'text'), '') || ' ' || coalesce((SELECT group_concat(value, ' ') FROM json_tree(NEW.`topics`) WHERE type = 'text'), '') WHERE NEW.`withdrawn_at` IS NULL;
	INSERT INTO `title_fts` (`rowid`, `title`) SELECT NEW.`id` * 8 + 1, NEW.`title` WHERE NEW.`withdrawn_at` IS NULL;
END;
--> statement-breakpoint
CREATE TRIGGER `resources_fts_update` AFTER UPDATE ON `resources` BEGIN
	DELETE FROM `knowledge_fts` WHERE `rowid` = OLD.`id` * 8 + 1;
	DELETE FROM `title_fts` WHERE `rowid` = OLD.`id` * 8 + 1;
	INSERT INTO `knowledge_fts` (`rowid`, `kind`, `item_id`, `title`, `body`) SELECT NEW.`id` * 8 + 1, 'resource', NEW.`id`, NEW.`title`, NEW.`summary` || ' ' || coalesce((SELECT group_concat(value, ' ') FROM json_tree(NEW.`authors`) WHERE type = 'text'), '') || ' ' || coalesce((SELECT group_concat(value, ' ') FROM json_tree(NEW.`topics`) WHERE type = 'text'), '') WHERE NEW.`withdrawn_at` IS NULL;
	INSERT INTO `title_fts` (`rowid`, `title`) SELECT NEW.`id` * 8 + 1, NEW.`title` WHERE NEW.`withdrawn_at` IS NULL;
END;
--> statement-breakpoint
CREATE TRIGGER `resources_fts_delete` AFTER DELETE ON `resources` BEGIN
	DELETE FROM `knowledge_fts` WHERE `rowid` = OLD.`id` * 8 + 1;
	DELETE FROM `title_fts` WHERE `rowid` = OLD.`id` * 8 + 1;
END;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `experiences_fts_insert`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `experiences_fts_update`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `experiences_fts_delete`;
--> statement-breakpoint
CREATE TRIGGER `experiences_fts_insert` AFTER INSERT ON `experiences` BEGIN
	INSERT INTO `knowledge_fts` (`rowid`, `kind`, `item_id`, `title`, `body`) SELECT NEW.`id` * 8 + 2, 'experience', NEW.`id`, NEW.`title`, NEW.`summary` || ' ' || NEW.`results` || ' ' || coalesce((SELECT group_concat(value, ' ') FROM json_tree(NEW.`partners`) WHERE type = 'text'), '') WHERE NEW.`withdrawn_at` IS NULL;
	INSERT INTO `title_fts` (`rowid`, `title`) SELECT NEW.`id` * 8 + 2, NEW.`title` WHERE NEW.`withdrawn_at` IS NULL;
END;
--> statement-breakpoint
CREATE TRIGGER `experiences_fts_update` AFTER UPDATE ON `experiences` BEGIN
	DELETE FROM `knowledge_fts` WHERE `rowid` = OLD.`id` * 8 + 2;
	DELETE FROM `title_fts` WHERE `rowid` = OLD.`id` * 8 + 2;
	INSERT INTO `knowledge_fts` (`rowid`, `kind`, `item_id`, `title`, `body`) SELECT NEW.`id` * 8 + 2, 'experience', NEW.`id`, NEW.`title`, NEW.`summary` || ' ' || NEW.`results` || ' ' || coalesce((SELECT group_concat(value, ' ') FROM json_tree(NEW.`partners`) WHERE type = 'text'), '') WHERE NEW.`withdrawn_at` IS NULL;
	INSERT INTO `title_fts` (`rowid`, `title`) SELECT NEW.`id` * 8 + 2, NEW.`title` WHERE NEW.`withdrawn_at` IS NULL;
END;
--> statement-breakpoint
CREATE TRIGGER `experiences_fts_delete` AFTER DELETE ON `experiences` BEGIN
	DELETE FROM `knowledge_fts` WHERE `rowid` = OLD.`id` * 8 + 2;
	DELETE FROM `title_fts` WHERE `rowid` = OLD.`id` * 8 + 2;
END;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `profiles_fts_insert`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `profiles_fts_update`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `profiles_fts_delete`;
--> statement-breakpoint
CREATE TRIGGER `profiles_fts_insert` AFTER INSERT ON `profiles` BEGIN
	INSERT INTO `knowledge_fts` (`rowid`, `kind`, `item_id`, `title`, `body`) SELECT NEW.`id` * 8 + 3, 'profile', NEW.`id`, NEW.`title`, NEW.`national_code` || ' ' || NEW.`purpose` || ' ' || coalesce(NEW.`subsector`, '') || ' ' || coalesce((SELECT group_concat(value, ' ') FROM json_tree(NEW.`units`) WHERE type = 'text'), '') WHERE NEW.`withdrawn_at` IS NULL;
	INSERT INTO `title_fts` (`rowid`, `title`) SELECT NEW.`id` * 8 + 3, NEW.`title` WHERE NEW.`withdrawn_at` IS NULL;
END;
--> statement-breakpoint
CREATE TRIGGER `profiles_fts_update` AFTER UPDATE ON `profiles` BEGIN
	DELETE FROM `knowledge_fts` WHERE `rowid` = OLD.`id` * 8 + 3;
	DELETE FROM `title_fts` WHERE `rowid` = OLD.`id` * 8 + 3;
	INSERT INTO `knowledge_fts` (`rowid`, `kind`, `item_id`, `title`, `body`) SELECT NEW.`id` * 8 + 3, 'profile', NEW.`id`, NEW.`title`, NEW.`national_code` || ' ' || NEW.`purpose` || ' ' || coalesce(NEW.`subsector`, '') || ' ' || coalesce((SELECT group_concat(value, ' ') FROM json_tree(NEW.`units`) WHERE type = 'text'), '') WHERE NEW.`withdrawn_at` IS NULL;
	INSERT INTO `title_fts` (`rowid`, `title`) SELECT NEW.`id` * 8 + 3, NEW.`title` WHERE NEW.`withdrawn_at` IS NULL;
END;
--> statement-breakpoint
CREATE TRIGGER `profiles_fts_delete` AFTER DELETE ON `profiles` BEGIN
	DELETE FROM `knowledge_fts` WHERE `rowid` = OLD.`id` * 8 + 3;
	DELETE FROM `title_fts` WHERE `rowid` = OLD.`id` * 8 + 3;
END;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `specialists_fts_insert`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `specialists_fts_update`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `specialists_fts_delete`;
--> statement-breakpoint
CREATE TRIGGER `specialists_fts_insert` AFTER INSERT ON `specialists` BEGIN
	INSERT INTO `knowledge_fts` (`rowid`, `kind`, `item_id`, `title`, `body`) SELECT NEW.`id` * 8 + 4, 'specialist', NEW.`id`, NEW.`name`, NEW.`summary` || ' ' || CASE WHEN json_extract(NEW.`cv_visibility`, '$.education') = 'public' THEN coalesce((SELECT group_concat(value, ' ') FROM json_tree(NEW.`cv`, '$.education') WHERE type = 'text'), '') ELSE '' END || ' ' || CASE WHEN json_extract(NEW.`cv_visibility`, '$.experience') = 'public' THEN coalesce((SELECT group_concat(value, ' ') FROM json_tree(NEW.`cv`, '$.experience') WHERE type = 'text'), '') ELSE '' END || ' ' || CASE WHEN json_extract(NEW.`cv_visibility`, '$.publications') = 'public' THEN coalesce((SELECT group_concat(value, ' ') FROM json_tree(NEW.`cv`, '$.publications') WHERE type = 'text'), '') ELSE '' END WHERE NEW.`withdrawn_at` IS NULL;
	INSERT INTO `title_fts` (`rowid`, `title`) SELECT NEW.`id` * 8 + 4, NEW.`name` WHERE NEW.`withdrawn_at` IS NULL;
END;
--> statement-breakpoint
CREATE TRIGGER `specialists_fts_update` AFTER UPDATE ON `specialists` BEGIN
	DELETE FROM `knowledge_fts` WHERE `rowid` = OLD.`id` * 8 + 4;
	DELETE FROM `title_fts` WHERE `rowid` = OLD.`id` * 8 + 4;
	INSERT INTO `knowledge_fts` (`rowid`, `kind`, `item_id`, `title`, `body`) SELECT NEW.`id` * 8 + 4, 'specialist', NEW.`id`, NEW.`name`, NEW.`summary` || ' ' || CASE WHEN json_extract(NEW.`cv_visibility`, '$.education') = 'public' THEN coalesce((SELECT group_concat(value, ' ') FROM json_tree(NEW.`cv`, '$.education') WHERE type = 'text'), '') ELSE '' END || ' ' || CASE WHEN json_extract(NEW.`cv_visibility`, '$.experience') = 'public' THEN coalesce((SELECT group_concat(value, ' ') FROM json_tree(NEW.`cv`, '$.experience') WHERE type = 'text'), '') ELSE '' END || ' ' || CASE WHEN json_extract(NEW.`cv_visibility`, '$.publications') = 'public' THEN coalesce((SELECT group_concat(value, ' ') FROM json_tree(NEW.`cv`, '$.publications') WHERE type = 'text'), '') ELSE '' END WHERE NEW.`withdrawn_at` IS NULL;
	INSERT INTO `title_fts` (`rowid`, `title`) SELECT NEW.`id` * 8 + 4, NEW.`name` WHERE NEW.`withdrawn_at` IS NULL;
END;
--> statement-breakpoint
CREATE TRIGGER `specialists_fts_delete` AFTER DELETE ON `specialists` BEGIN
	DELETE FROM `knowledge_fts` WHERE `rowid` = OLD.`id` * 8 + 4;
	DELETE FROM `title_fts` WHERE `rowid` = OLD.`id` * 8 + 4;
END;
