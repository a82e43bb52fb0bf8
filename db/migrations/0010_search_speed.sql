-- Search indexes, generated from server/modules/search/index-sql.ts (see there for the layout).
-- discussion_fts and knowledge_fts are rebuilt with rowids that carry what a hit is (thread and
-- post, or kind and id), and title_fts is new: thread and knowledge titles for type-ahead.
DROP TRIGGER IF EXISTS `posts_fts_insert`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `posts_fts_update`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `posts_fts_delete`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `threads_fts_update`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `threads_fts_delete`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `resources_fts_insert`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `resources_fts_update`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `resources_fts_delete`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `experiences_fts_insert`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `experiences_fts_update`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `experiences_fts_delete`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `profiles_fts_insert`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `profiles_fts_update`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `profiles_fts_delete`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `specialists_fts_insert`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `specialists_fts_update`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `specialists_fts_delete`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `institutions_fts_insert`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `institutions_fts_update`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `institutions_fts_delete`;
--> statement-breakpoint
DROP TABLE IF EXISTS `discussion_fts`;
--> statement-breakpoint
DROP TABLE IF EXISTS `knowledge_fts`;
--> statement-breakpoint
CREATE VIRTUAL TABLE `discussion_fts` USING fts5(`title`, `body`, tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3');
--> statement-breakpoint
CREATE VIRTUAL TABLE `knowledge_fts` USING fts5(`kind` UNINDEXED, `item_id` UNINDEXED, `title`, `body`, tokenize = 'unicode61 remove_diacritics 2');
--> statement-breakpoint
CREATE VIRTUAL TABLE `title_fts` USING fts5(`title`, tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3 4');
--> statement-breakpoint
CREATE TRIGGER `posts_fts_insert` AFTER INSERT ON `posts` BEGIN
	INSERT INTO `discussion_fts` (`rowid`, `title`, `body`) SELECT NEW.`thread_id` * 4294967296 + NEW.`id`, t.`title`, NEW.`body` FROM `threads` t WHERE t.`id` = NEW.`thread_id` AND t.`hidden` = 0 AND NEW.`hidden` = 0 AND NEW.`deleted_at` IS NULL;
END;
--> statement-breakpoint
CREATE TRIGGER `posts_fts_update` AFTER UPDATE OF `body`, `hidden`, `deleted_at`, `thread_id` ON `posts` BEGIN
	DELETE FROM `discussion_fts` WHERE `rowid` = OLD.`thread_id` * 4294967296 + OLD.`id`;
	INSERT INTO `discussion_fts` (`rowid`, `title`, `body`) SELECT NEW.`thread_id` * 4294967296 + NEW.`id`, t.`title`, NEW.`body` FROM `threads` t WHERE t.`id` = NEW.`thread_id` AND t.`hidden` = 0 AND NEW.`hidden` = 0 AND NEW.`deleted_at` IS NULL;
END;
--> statement-breakpoint
CREATE TRIGGER `posts_fts_delete` AFTER DELETE ON `posts` BEGIN
	DELETE FROM `discussion_fts` WHERE `rowid` = OLD.`thread_id` * 4294967296 + OLD.`id`;
END;
--> statement-breakpoint
CREATE TRIGGER `threads_fts_insert` AFTER INSERT ON `threads` BEGIN
	INSERT INTO `title_fts` (`rowid`, `title`) SELECT NEW.`id` * 8, NEW.`title` WHERE NEW.`hidden` = 0;
END;
--> statement-breakpoint
CREATE TRIGGER `threads_fts_update` AFTER UPDATE OF `title`, `hidden` ON `threads` BEGIN
	DELETE FROM `discussion_fts` WHERE `rowid` BETWEEN OLD.`id` * 4294967296 AND OLD.`id` * 4294967296 + 4294967295;
	INSERT INTO `discussion_fts` (`rowid`, `title`, `body`) SELECT NEW.`id` * 4294967296 + p.`id`, NEW.`title`, p.`body` FROM `posts` p WHERE p.`thread_id` = NEW.`id` AND NEW.`hidden` = 0 AND p.`hidden` = 0 AND p.`deleted_at` IS NULL;
	DELETE FROM `title_fts` WHERE `rowid` = OLD.`id` * 8;
	INSERT INTO `title_fts` (`rowid`, `title`) SELECT NEW.`id` * 8, NEW.`title` WHERE NEW.`hidden` = 0;
END;
--> statement-breakpoint
CREATE TRIGGER `threads_fts_delete` BEFORE DELETE ON `threads` BEGIN
	DELETE FROM `discussion_fts` WHERE `rowid` BETWEEN OLD.`id` * 4294967296 AND OLD.`id` * 4294967296 + 4294967295;
	DELETE FROM `title_fts` WHERE `rowid` = OLD.`id` * 8;
END;
--> statement-breakpoint
CREATE TRIGGER `resources_fts_insert` AFTER INSERT ON `resources` BEGIN
	INSERT INTO `knowledge_fts` (`rowid`, `kind`, `item_id`, `title`, `body`) SELECT NEW.`id` * 8 + 1, 'resource', NEW.`id`, NEW.`title`, NEW.`summary` || ' ' || coalesce((SELECT group_concat(value, ' ') FROM json_tree(NEW.`authors`) WHERE type = 'text'), '') || ' ' || coalesce((SELECT group_concat(value, ' ') FROM json_tree(NEW.`topics`) WHERE type = 'text'), '');
	INSERT INTO `title_fts` (`rowid`, `title`) SELECT NEW.`id` * 8 + 1, NEW.`title`;
END;
--> statement-breakpoint
CREATE TRIGGER `resources_fts_update` AFTER UPDATE ON `resources` BEGIN
	DELETE FROM `knowledge_fts` WHERE `rowid` = OLD.`id` * 8 + 1;
	DELETE FROM `title_fts` WHERE `rowid` = OLD.`id` * 8 + 1;
	INSERT INTO `knowledge_fts` (`rowid`, `kind`, `item_id`, `title`, `body`) SELECT NEW.`id` * 8 + 1, 'resource', NEW.`id`, NEW.`title`, NEW.`summary` || ' ' || coalesce((SELECT group_concat(value, ' ') FROM json_tree(NEW.`authors`) WHERE type = 'text'), '') || ' ' || coalesce((SELECT group_concat(value, ' ') FROM json_tree(NEW.`topics`) WHERE type = 'text'), '');
	INSERT INTO `title_fts` (`rowid`, `title`) SELECT NEW.`id` * 8 + 1, NEW.`title`;
END;
--> statement-breakpoint
CREATE TRIGGER `resources_fts_delete` AFTER DELETE ON `resources` BEGIN
	DELETE FROM `knowledge_fts` WHERE `rowid` = OLD.`id` * 8 + 1;
	DELETE FROM `title_fts` WHERE `rowid` = OLD.`id` * 8 + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `experiences_fts_insert` AFTER INSERT ON `experiences` BEGIN
	INSERT INTO `knowledge_fts` (`rowid`, `kind`, `item_id`, `title`, `body`) SELECT NEW.`id` * 8 + 2, 'experience', NEW.`id`, NEW.`title`, NEW.`summary` || ' ' || NEW.`results` || ' ' || coalesce((SELECT group_concat(value, ' ') FROM json_tree(NEW.`partners`) WHERE type = 'text'), '');
	INSERT INTO `title_fts` (`rowid`, `title`) SELECT NEW.`id` * 8 + 2, NEW.`title`;
END;
--> statement-breakpoint
CREATE TRIGGER `experiences_fts_update` AFTER UPDATE ON `experiences` BEGIN
	DELETE FROM `knowledge_fts` WHERE `rowid` = OLD.`id` * 8 + 2;
	DELETE FROM `title_fts` WHERE `rowid` = OLD.`id` * 8 + 2;
	INSERT INTO `knowledge_fts` (`rowid`, `kind`, `item_id`, `title`, `body`) SELECT NEW.`id` * 8 + 2, 'experience', NEW.`id`, NEW.`title`, NEW.`summary` || ' ' || NEW.`results` || ' ' || coalesce((SELECT group_concat(value, ' ') FROM json_tree(NEW.`partners`) WHERE type = 'text'), '');
	INSERT INTO `title_fts` (`rowid`, `title`) SELECT NEW.`id` * 8 + 2, NEW.`title`;
END;
--> statement-breakpoint
CREATE TRIGGER `experiences_fts_delete` AFTER DELETE ON `experiences` BEGIN
	DELETE FROM `knowledge_fts` WHERE `rowid` = OLD.`id` * 8 + 2;
	DELETE FROM `title_fts` WHERE `rowid` = OLD.`id` * 8 + 2;
END;
--> statement-breakpoint
CREATE TRIGGER `profiles_fts_insert` AFTER INSERT ON `profiles` BEGIN
	INSERT INTO `knowledge_fts` (`rowid`, `kind`, `item_id`, `title`, `body`) SELECT NEW.`id` * 8 + 3, 'profile', NEW.`id`, NEW.`title`, NEW.`national_code` || ' ' || NEW.`purpose` || ' ' || coalesce(NEW.`subsector`, '') || ' ' || coalesce((SELECT group_concat(value, ' ') FROM json_tree(NEW.`units`) WHERE type = 'text'), '');
	INSERT INTO `title_fts` (`rowid`, `title`) SELECT NEW.`id` * 8 + 3, NEW.`title`;
END;
--> statement-breakpoint
CREATE TRIGGER `profiles_fts_update` AFTER UPDATE ON `profiles` BEGIN
	DELETE FROM `knowledge_fts` WHERE `rowid` = OLD.`id` * 8 + 3;
	DELETE FROM `title_fts` WHERE `rowid` = OLD.`id` * 8 + 3;
	INSERT INTO `knowledge_fts` (`rowid`, `kind`, `item_id`, `title`, `body`) SELECT NEW.`id` * 8 + 3, 'profile', NEW.`id`, NEW.`title`, NEW.`national_code` || ' ' || NEW.`purpose` || ' ' || coalesce(NEW.`subsector`, '') || ' ' || coalesce((SELECT group_concat(value, ' ') FROM json_tree(NEW.`units`) WHERE type = 'text'), '');
	INSERT INTO `title_fts` (`rowid`, `title`) SELECT NEW.`id` * 8 + 3, NEW.`title`;
END;
--> statement-breakpoint
CREATE TRIGGER `profiles_fts_delete` AFTER DELETE ON `profiles` BEGIN
	DELETE FROM `knowledge_fts` WHERE `rowid` = OLD.`id` * 8 + 3;
	DELETE FROM `title_fts` WHERE `rowid` = OLD.`id` * 8 + 3;
END;
--> statement-breakpoint
CREATE TRIGGER `specialists_fts_insert` AFTER INSERT ON `specialists` BEGIN
	INSERT INTO `knowledge_fts` (`rowid`, `kind`, `item_id`, `title`, `body`) SELECT NEW.`id` * 8 + 4, 'specialist', NEW.`id`, NEW.`name`, NEW.`summary` || ' ' || coalesce((SELECT group_concat(value, ' ') FROM json_tree(NEW.`cv`) WHERE type = 'text'), '');
	INSERT INTO `title_fts` (`rowid`, `title`) SELECT NEW.`id` * 8 + 4, NEW.`name`;
END;
--> statement-breakpoint
CREATE TRIGGER `specialists_fts_update` AFTER UPDATE ON `specialists` BEGIN
	DELETE FROM `knowledge_fts` WHERE `rowid` = OLD.`id` * 8 + 4;
	DELETE FROM `title_fts` WHERE `rowid` = OLD.`id` * 8 + 4;
	INSERT INTO `knowledge_fts` (`rowid`, `kind`, `item_id`, `title`, `body`) SELECT NEW.`id` * 8 + 4, 'specialist', NEW.`id`, NEW.`name`, NEW.`summary` || ' ' || coalesce((SELECT group_concat(value, ' ') FROM json_tree(NEW.`cv`) WHERE type = 'text'), '');
	INSERT INTO `title_fts` (`rowid`, `title`) SELECT NEW.`id` * 8 + 4, NEW.`name`;
END;
--> statement-breakpoint
CREATE TRIGGER `specialists_fts_delete` AFTER DELETE ON `specialists` BEGIN
	DELETE FROM `knowledge_fts` WHERE `rowid` = OLD.`id` * 8 + 4;
	DELETE FROM `title_fts` WHERE `rowid` = OLD.`id` * 8 + 4;
END;
--> statement-breakpoint
CREATE TRIGGER `institutions_fts_insert` AFTER INSERT ON `institutions` BEGIN
	INSERT INTO `knowledge_fts` (`rowid`, `kind`, `item_id`, `title`, `body`) SELECT NEW.`id` * 8 + 5, 'institution', NEW.`id`, NEW.`acronym` || ' ' || NEW.`name`, coalesce(NEW.`city`, '') || ' ' || NEW.`description`;
	INSERT INTO `title_fts` (`rowid`, `title`) SELECT NEW.`id` * 8 + 5, NEW.`acronym` || ' ' || NEW.`name`;
END;
--> statement-breakpoint
CREATE TRIGGER `institutions_fts_update` AFTER UPDATE ON `institutions` BEGIN
	DELETE FROM `knowledge_fts` WHERE `rowid` = OLD.`id` * 8 + 5;
	DELETE FROM `title_fts` WHERE `rowid` = OLD.`id` * 8 + 5;
	INSERT INTO `knowledge_fts` (`rowid`, `kind`, `item_id`, `title`, `body`) SELECT NEW.`id` * 8 + 5, 'institution', NEW.`id`, NEW.`acronym` || ' ' || NEW.`name`, coalesce(NEW.`city`, '') || ' ' || NEW.`description`;
	INSERT INTO `title_fts` (`rowid`, `title`) SELECT NEW.`id` * 8 + 5, NEW.`acronym` || ' ' || NEW.`name`;
END;
--> statement-breakpoint
CREATE TRIGGER `institutions_fts_delete` AFTER DELETE ON `institutions` BEGIN
	DELETE FROM `knowledge_fts` WHERE `rowid` = OLD.`id` * 8 + 5;
	DELETE FROM `title_fts` WHERE `rowid` = OLD.`id` * 8 + 5;
END;
--> statement-breakpoint
INSERT INTO `discussion_fts` (`rowid`, `title`, `body`) SELECT t.`id` * 4294967296 + p.`id`, t.`title`, p.`body` FROM `posts` p JOIN `threads` t ON t.`id` = p.`thread_id` WHERE t.`hidden` = 0 AND p.`hidden` = 0 AND p.`deleted_at` IS NULL AND p.`id` BETWEEN 0 AND 9223372036854775807;
--> statement-breakpoint
INSERT INTO `title_fts` (`rowid`, `title`) SELECT `id` * 8, `title` FROM `threads` WHERE `hidden` = 0 AND `id` BETWEEN 0 AND 9223372036854775807;
--> statement-breakpoint
INSERT INTO `knowledge_fts` (`rowid`, `kind`, `item_id`, `title`, `body`) SELECT `id` * 8 + 1, 'resource', `id`, `title`, `summary` || ' ' || coalesce((SELECT group_concat(value, ' ') FROM json_tree(`authors`) WHERE type = 'text'), '') || ' ' || coalesce((SELECT group_concat(value, ' ') FROM json_tree(`topics`) WHERE type = 'text'), '') FROM `resources` WHERE `id` BETWEEN 0 AND 9223372036854775807;
--> statement-breakpoint
INSERT INTO `title_fts` (`rowid`, `title`) SELECT `id` * 8 + 1, `title` FROM `resources` WHERE `id` BETWEEN 0 AND 9223372036854775807;
--> statement-breakpoint
INSERT INTO `knowledge_fts` (`rowid`, `kind`, `item_id`, `title`, `body`) SELECT `id` * 8 + 2, 'experience', `id`, `title`, `summary` || ' ' || `results` || ' ' || coalesce((SELECT group_concat(value, ' ') FROM json_tree(`partners`) WHERE type = 'text'), '') FROM `experiences` WHERE `id` BETWEEN 0 AND 9223372036854775807;
--> statement-breakpoint
INSERT INTO `title_fts` (`rowid`, `title`) SELECT `id` * 8 + 2, `title` FROM `experiences` WHERE `id` BETWEEN 0 AND 9223372036854775807;
--> statement-breakpoint
INSERT INTO `knowledge_fts` (`rowid`, `kind`, `item_id`, `title`, `body`) SELECT `id` * 8 + 3, 'profile', `id`, `title`, `national_code` || ' ' || `purpose` || ' ' || coalesce(`subsector`, '') || ' ' || coalesce((SELECT group_concat(value, ' ') FROM json_tree(`units`) WHERE type = 'text'), '') FROM `profiles` WHERE `id` BETWEEN 0 AND 9223372036854775807;
--> statement-breakpoint
INSERT INTO `title_fts` (`rowid`, `title`) SELECT `id` * 8 + 3, `title` FROM `profiles` WHERE `id` BETWEEN 0 AND 9223372036854775807;
--> statement-breakpoint
INSERT INTO `knowledge_fts` (`rowid`, `kind`, `item_id`, `title`, `body`) SELECT `id` * 8 + 4, 'specialist', `id`, `name`, `summary` || ' ' || coalesce((SELECT group_concat(value, ' ') FROM json_tree(`cv`) WHERE type = 'text'), '') FROM `specialists` WHERE `id` BETWEEN 0 AND 9223372036854775807;
--> statement-breakpoint
INSERT INTO `title_fts` (`rowid`, `title`) SELECT `id` * 8 + 4, `name` FROM `specialists` WHERE `id` BETWEEN 0 AND 9223372036854775807;
--> statement-breakpoint
INSERT INTO `knowledge_fts` (`rowid`, `kind`, `item_id`, `title`, `body`) SELECT `id` * 8 + 5, 'institution', `id`, `acronym` || ' ' || `name`, coalesce(`city`, '') || ' ' || `description` FROM `institutions` WHERE `id` BETWEEN 0 AND 9223372036854775807;
--> statement-breakpoint
INSERT INTO `title_fts` (`rowid`, `title`) SELECT `id` * 8 + 5, `acronym` || ' ' || `name` FROM `institutions` WHERE `id` BETWEEN 0 AND 9223372036854775807;
