-- Full-text index over the discussions: one row per visible post (its Markdown source) with
-- its thread's title, case and accents folded. The rowid is the post id, so the triggers
-- reach a post's row directly. Hidden or deleted posts and the posts of hidden threads are
-- not indexed at all: nobody can find them. Kept in step by triggers, like knowledge_fts.
CREATE VIRTUAL TABLE `discussion_fts` USING fts5(
	`thread_id` UNINDEXED,
	`post_id` UNINDEXED,
	`community_id` UNINDEXED,
	`title`,
	`body`,
	tokenize = 'unicode61 remove_diacritics 2',
	prefix = '2 3'
);
--> statement-breakpoint
CREATE TRIGGER `posts_fts_insert` AFTER INSERT ON `posts` BEGIN
	INSERT INTO `discussion_fts` (`rowid`, `thread_id`, `post_id`, `community_id`, `title`, `body`)
	SELECT NEW.`id`, t.`id`, NEW.`id`, t.`community_id`, t.`title`, NEW.`body`
	FROM `threads` t
	WHERE t.`id` = NEW.`thread_id` AND t.`hidden` = 0 AND NEW.`hidden` = 0 AND NEW.`deleted_at` IS NULL;
END;
--> statement-breakpoint
CREATE TRIGGER `posts_fts_update` AFTER UPDATE OF `body`, `hidden`, `deleted_at`, `thread_id` ON `posts` BEGIN
	DELETE FROM `discussion_fts` WHERE `rowid` = OLD.`id`;
	INSERT INTO `discussion_fts` (`rowid`, `thread_id`, `post_id`, `community_id`, `title`, `body`)
	SELECT NEW.`id`, t.`id`, NEW.`id`, t.`community_id`, t.`title`, NEW.`body`
	FROM `threads` t
	WHERE t.`id` = NEW.`thread_id` AND t.`hidden` = 0 AND NEW.`hidden` = 0 AND NEW.`deleted_at` IS NULL;
END;
--> statement-breakpoint
CREATE TRIGGER `posts_fts_delete` AFTER DELETE ON `posts` BEGIN
	DELETE FROM `discussion_fts` WHERE `rowid` = OLD.`id`;
END;
--> statement-breakpoint
CREATE TRIGGER `threads_fts_update` AFTER UPDATE OF `title`, `hidden`, `community_id` ON `threads` BEGIN
	DELETE FROM `discussion_fts` WHERE `rowid` IN (SELECT `id` FROM `posts` WHERE `thread_id` = NEW.`id`);
	INSERT INTO `discussion_fts` (`rowid`, `thread_id`, `post_id`, `community_id`, `title`, `body`)
	SELECT p.`id`, NEW.`id`, p.`id`, NEW.`community_id`, NEW.`title`, p.`body`
	FROM `posts` p
	WHERE p.`thread_id` = NEW.`id` AND NEW.`hidden` = 0 AND p.`hidden` = 0 AND p.`deleted_at` IS NULL;
END;
--> statement-breakpoint
CREATE TRIGGER `threads_fts_delete` BEFORE DELETE ON `threads` BEGIN
	DELETE FROM `discussion_fts` WHERE `rowid` IN (SELECT `id` FROM `posts` WHERE `thread_id` = OLD.`id`);
END;
--> statement-breakpoint
INSERT INTO `discussion_fts` (`rowid`, `thread_id`, `post_id`, `community_id`, `title`, `body`)
SELECT p.`id`, t.`id`, p.`id`, t.`community_id`, t.`title`, p.`body`
FROM `posts` p JOIN `threads` t ON t.`id` = p.`thread_id`
WHERE t.`hidden` = 0 AND p.`hidden` = 0 AND p.`deleted_at` IS NULL;
