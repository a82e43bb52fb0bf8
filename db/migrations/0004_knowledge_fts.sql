-- Full-text index over the knowledge bases: case and accents folded ("formacion" finds
-- "formación"). Kept in step with the tables by triggers, so every writer (API, seed, import)
-- keeps it true without knowing about it.
CREATE VIRTUAL TABLE `knowledge_fts` USING fts5(
	`kind` UNINDEXED,
	`item_id` UNINDEXED,
	`title`,
	`body`,
	tokenize = 'unicode61 remove_diacritics 2'
);
--> statement-breakpoint
CREATE TRIGGER `resources_fts_insert` AFTER INSERT ON `resources` BEGIN
	INSERT INTO `knowledge_fts` (`kind`, `item_id`, `title`, `body`)
	VALUES ('resource', NEW.`id`, NEW.`title`, NEW.`summary` || ' ' || NEW.`authors` || ' ' || NEW.`topics`);
END;
--> statement-breakpoint
CREATE TRIGGER `resources_fts_update` AFTER UPDATE ON `resources` BEGIN
	DELETE FROM `knowledge_fts` WHERE `kind` = 'resource' AND `item_id` = OLD.`id`;
	INSERT INTO `knowledge_fts` (`kind`, `item_id`, `title`, `body`)
	VALUES ('resource', NEW.`id`, NEW.`title`, NEW.`summary` || ' ' || NEW.`authors` || ' ' || NEW.`topics`);
END;
--> statement-breakpoint
CREATE TRIGGER `resources_fts_delete` AFTER DELETE ON `resources` BEGIN
	DELETE FROM `knowledge_fts` WHERE `kind` = 'resource' AND `item_id` = OLD.`id`;
END;
--> statement-breakpoint
CREATE TRIGGER `experiences_fts_insert` AFTER INSERT ON `experiences` BEGIN
	INSERT INTO `knowledge_fts` (`kind`, `item_id`, `title`, `body`)
	VALUES ('experience', NEW.`id`, NEW.`title`, NEW.`summary` || ' ' || NEW.`results` || ' ' || NEW.`partners`);
END;
--> statement-breakpoint
CREATE TRIGGER `experiences_fts_update` AFTER UPDATE ON `experiences` BEGIN
	DELETE FROM `knowledge_fts` WHERE `kind` = 'experience' AND `item_id` = OLD.`id`;
	INSERT INTO `knowledge_fts` (`kind`, `item_id`, `title`, `body`)
	VALUES ('experience', NEW.`id`, NEW.`title`, NEW.`summary` || ' ' || NEW.`results` || ' ' || NEW.`partners`);
END;
--> statement-breakpoint
CREATE TRIGGER `experiences_fts_delete` AFTER DELETE ON `experiences` BEGIN
	DELETE FROM `knowledge_fts` WHERE `kind` = 'experience' AND `item_id` = OLD.`id`;
END;
--> statement-breakpoint
CREATE TRIGGER `profiles_fts_insert` AFTER INSERT ON `profiles` BEGIN
	INSERT INTO `knowledge_fts` (`kind`, `item_id`, `title`, `body`)
	VALUES ('profile', NEW.`id`, NEW.`title`, NEW.`national_code` || ' ' || NEW.`purpose` || ' ' || coalesce(NEW.`subsector`, '') || ' ' || NEW.`units`);
END;
--> statement-breakpoint
CREATE TRIGGER `profiles_fts_update` AFTER UPDATE ON `profiles` BEGIN
	DELETE FROM `knowledge_fts` WHERE `kind` = 'profile' AND `item_id` = OLD.`id`;
	INSERT INTO `knowledge_fts` (`kind`, `item_id`, `title`, `body`)
	VALUES ('profile', NEW.`id`, NEW.`title`, NEW.`national_code` || ' ' || NEW.`purpose` || ' ' || coalesce(NEW.`subsector`, '') || ' ' || NEW.`units`);
END;
--> statement-breakpoint
CREATE TRIGGER `profiles_fts_delete` AFTER DELETE ON `profiles` BEGIN
	DELETE FROM `knowledge_fts` WHERE `kind` = 'profile' AND `item_id` = OLD.`id`;
END;
--> statement-breakpoint
CREATE TRIGGER `specialists_fts_insert` AFTER INSERT ON `specialists` BEGIN
	INSERT INTO `knowledge_fts` (`kind`, `item_id`, `title`, `body`)
	VALUES ('specialist', NEW.`id`, NEW.`name`, NEW.`summary` || ' ' || NEW.`cv`);
END;
--> statement-breakpoint
CREATE TRIGGER `specialists_fts_update` AFTER UPDATE ON `specialists` BEGIN
	DELETE FROM `knowledge_fts` WHERE `kind` = 'specialist' AND `item_id` = OLD.`id`;
	INSERT INTO `knowledge_fts` (`kind`, `item_id`, `title`, `body`)
	VALUES ('specialist', NEW.`id`, NEW.`name`, NEW.`summary` || ' ' || NEW.`cv`);
END;
--> statement-breakpoint
CREATE TRIGGER `specialists_fts_delete` AFTER DELETE ON `specialists` BEGIN
	DELETE FROM `knowledge_fts` WHERE `kind` = 'specialist' AND `item_id` = OLD.`id`;
END;
--> statement-breakpoint
CREATE TRIGGER `institutions_fts_insert` AFTER INSERT ON `institutions` BEGIN
	INSERT INTO `knowledge_fts` (`kind`, `item_id`, `title`, `body`)
	VALUES ('institution', NEW.`id`, NEW.`acronym` || ' ' || NEW.`name`, coalesce(NEW.`city`, '') || ' ' || NEW.`description`);
END;
--> statement-breakpoint
CREATE TRIGGER `institutions_fts_update` AFTER UPDATE ON `institutions` BEGIN
	DELETE FROM `knowledge_fts` WHERE `kind` = 'institution' AND `item_id` = OLD.`id`;
	INSERT INTO `knowledge_fts` (`kind`, `item_id`, `title`, `body`)
	VALUES ('institution', NEW.`id`, NEW.`acronym` || ' ' || NEW.`name`, coalesce(NEW.`city`, '') || ' ' || NEW.`description`);
END;
--> statement-breakpoint
CREATE TRIGGER `institutions_fts_delete` AFTER DELETE ON `institutions` BEGIN
	DELETE FROM `knowledge_fts` WHERE `kind` = 'institution' AND `item_id` = OLD.`id`;
END;
--> statement-breakpoint
INSERT INTO `knowledge_fts` (`kind`, `item_id`, `title`, `body`)
SELECT 'institution', `id`, `acronym` || ' ' || `name`, coalesce(`city`, '') || ' ' || `description` FROM `institutions`;
