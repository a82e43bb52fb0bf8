-- Specialists' search index holds only the CV sections everyone may see, generated from
-- server/modules/search/index-sql.ts (reindexKnowledgeSourceStatements('specialist')); the rule
-- is in server/modules/knowledge/specialist-visibility.ts. Members-only sections are no longer
-- findable through search, the list and export filters or the link picker.
DROP TRIGGER IF EXISTS `specialists_fts_insert`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `specialists_fts_update`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `specialists_fts_delete`;
--> statement-breakpoint
CREATE TRIGGER `specialists_fts_insert` AFTER INSERT ON `specialists` BEGIN
	INSERT INTO `knowledge_fts` (`rowid`, `kind`, `item_id`, `title`, `body`) SELECT NEW.`id` * 8 + 4, 'specialist', NEW.`id`, NEW.`name`, NEW.`summary` || ' ' || CASE WHEN json_extract(NEW.`cv_visibility`, '$.education') = 'public' THEN coalesce((SELECT group_concat(value, ' ') FROM json_tree(NEW.`cv`, '$.education') WHERE type = 'text'), '') ELSE '' END || ' ' || CASE WHEN json_extract(NEW.`cv_visibility`, '$.experience') = 'public' THEN coalesce((SELECT group_concat(value, ' ') FROM json_tree(NEW.`cv`, '$.experience') WHERE type = 'text'), '') ELSE '' END || ' ' || CASE WHEN json_extract(NEW.`cv_visibility`, '$.publications') = 'public' THEN coalesce((SELECT group_concat(value, ' ') FROM json_tree(NEW.`cv`, '$.publications') WHERE type = 'text'), '') ELSE '' END;
	INSERT INTO `title_fts` (`rowid`, `title`) SELECT NEW.`id` * 8 + 4, NEW.`name`;
END;
--> statement-breakpoint
CREATE TRIGGER `specialists_fts_update` AFTER UPDATE ON `specialists` BEGIN
	DELETE FROM `knowledge_fts` WHERE `rowid` = OLD.`id` * 8 + 4;
	DELETE FROM `title_fts` WHERE `rowid` = OLD.`id` * 8 + 4;
	INSERT INTO `knowledge_fts` (`rowid`, `kind`, `item_id`, `title`, `body`) SELECT NEW.`id` * 8 + 4, 'specialist', NEW.`id`, NEW.`name`, NEW.`summary` || ' ' || CASE WHEN json_extract(NEW.`cv_visibility`, '$.education') = 'public' THEN coalesce((SELECT group_concat(value, ' ') FROM json_tree(NEW.`cv`, '$.education') WHERE type = 'text'), '') ELSE '' END || ' ' || CASE WHEN json_extract(NEW.`cv_visibility`, '$.experience') = 'public' THEN coalesce((SELECT group_concat(value, ' ') FROM json_tree(NEW.`cv`, '$.experience') WHERE type = 'text'), '') ELSE '' END || ' ' || CASE WHEN json_extract(NEW.`cv_visibility`, '$.publications') = 'public' THEN coalesce((SELECT group_concat(value, ' ') FROM json_tree(NEW.`cv`, '$.publications') WHERE type = 'text'), '') ELSE '' END;
	INSERT INTO `title_fts` (`rowid`, `title`) SELECT NEW.`id` * 8 + 4, NEW.`name`;
END;
--> statement-breakpoint
CREATE TRIGGER `specialists_fts_delete` AFTER DELETE ON `specialists` BEGIN
	DELETE FROM `knowledge_fts` WHERE `rowid` = OLD.`id` * 8 + 4;
	DELETE FROM `title_fts` WHERE `rowid` = OLD.`id` * 8 + 4;
END;
--> statement-breakpoint
DELETE FROM `knowledge_fts` WHERE `kind` = 'specialist';
--> statement-breakpoint
INSERT INTO `knowledge_fts` (`rowid`, `kind`, `item_id`, `title`, `body`) SELECT `id` * 8 + 4, 'specialist', `id`, `name`, `summary` || ' ' || CASE WHEN json_extract(`cv_visibility`, '$.education') = 'public' THEN coalesce((SELECT group_concat(value, ' ') FROM json_tree(`cv`, '$.education') WHERE type = 'text'), '') ELSE '' END || ' ' || CASE WHEN json_extract(`cv_visibility`, '$.experience') = 'public' THEN coalesce((SELECT group_concat(value, ' ') FROM json_tree(`cv`, '$.experience') WHERE type = 'text'), '') ELSE '' END || ' ' || CASE WHEN json_extract(`cv_visibility`, '$.publications') = 'public' THEN coalesce((SELECT group_concat(value, ' ') FROM json_tree(`cv`, '$.publications') WHERE type = 'text'), '') ELSE '' END FROM `specialists`;
