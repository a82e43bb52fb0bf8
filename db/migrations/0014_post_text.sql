-- Posts keep what a reader sees of their cooked HTML as plain text (body_text), and search
-- indexes that instead of the Markdown source. The statements after the column are generated
-- from server/modules/search/index-sql.ts (postTextStatements); existing posts get their text
-- when the database is next opened (db/derived.ts), and the update trigger indexes each.
ALTER TABLE `posts` ADD `body_text` text;--> statement-breakpoint
CREATE INDEX `posts_text_missing_idx` ON `posts` (`id`) WHERE "posts"."body_text" IS NULL;--> statement-breakpoint
DROP TRIGGER IF EXISTS `posts_fts_insert`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `posts_fts_update`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `posts_fts_delete`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `threads_fts_insert`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `threads_fts_update`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `threads_fts_delete`;
--> statement-breakpoint
CREATE TRIGGER `posts_fts_insert` AFTER INSERT ON `posts` BEGIN
	INSERT INTO `discussion_fts` (`rowid`, `title`, `body`) SELECT NEW.`thread_id` * 4294967296 + NEW.`id`, t.`title`, coalesce(NEW.`body_text`, '') FROM `threads` t WHERE t.`id` = NEW.`thread_id` AND t.`hidden` = 0 AND NEW.`hidden` = 0 AND NEW.`deleted_at` IS NULL;
END;
--> statement-breakpoint
CREATE TRIGGER `posts_fts_update` AFTER UPDATE OF `body_text`, `hidden`, `deleted_at`, `thread_id` ON `posts` BEGIN
	DELETE FROM `discussion_fts` WHERE `rowid` = OLD.`thread_id` * 4294967296 + OLD.`id`;
	INSERT INTO `discussion_fts` (`rowid`, `title`, `body`) SELECT NEW.`thread_id` * 4294967296 + NEW.`id`, t.`title`, coalesce(NEW.`body_text`, '') FROM `threads` t WHERE t.`id` = NEW.`thread_id` AND t.`hidden` = 0 AND NEW.`hidden` = 0 AND NEW.`deleted_at` IS NULL;
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
	INSERT INTO `discussion_fts` (`rowid`, `title`, `body`) SELECT NEW.`id` * 4294967296 + p.`id`, NEW.`title`, coalesce(p.`body_text`, '') FROM `posts` p WHERE p.`thread_id` = NEW.`id` AND NEW.`hidden` = 0 AND p.`hidden` = 0 AND p.`deleted_at` IS NULL;
	DELETE FROM `title_fts` WHERE `rowid` = OLD.`id` * 8;
	INSERT INTO `title_fts` (`rowid`, `title`) SELECT NEW.`id` * 8, NEW.`title` WHERE NEW.`hidden` = 0;
END;
--> statement-breakpoint
CREATE TRIGGER `threads_fts_delete` BEFORE DELETE ON `threads` BEGIN
	DELETE FROM `discussion_fts` WHERE `rowid` BETWEEN OLD.`id` * 4294967296 AND OLD.`id` * 4294967296 + 4294967295;
	DELETE FROM `title_fts` WHERE `rowid` = OLD.`id` * 8;
END;
--> statement-breakpoint
DELETE FROM `discussion_fts`;
--> statement-breakpoint
INSERT INTO `discussion_fts` (`rowid`, `title`, `body`) SELECT t.`id` * 4294967296 + p.`id`, t.`title`, coalesce(p.`body_text`, '') FROM `posts` p JOIN `threads` t ON t.`id` = p.`thread_id` WHERE t.`hidden` = 0 AND p.`hidden` = 0 AND p.`deleted_at` IS NULL AND p.`id` BETWEEN 0 AND 9223372036854775807;
