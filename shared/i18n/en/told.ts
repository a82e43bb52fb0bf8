import type { esTold } from '../es/told.ts';

/** Told, not vanished: what moderators did to a member's post and why; reactions to their posts. */
export const enTold: Record<keyof typeof esTold, string> = {
  'notifications.kind.post_hidden': 'A moderator hid your post in “{thread}”',
  'notifications.kind.post_held': 'Your post in “{thread}” is waiting for a moderator’s approval',
  'notifications.kind.post_rejected': 'A moderator rejected your post in “{thread}”',
  'notifications.kind.thread_moved': 'A moderator moved your thread “{thread}” to “{community}”',
  'notifications.kind.thread_merged': 'A moderator merged your thread into “{thread}”',
  'notifications.kind.thread_split': 'A moderator moved your posts to a new thread: “{thread}”',
  'notifications.kind.reaction': '{actor} reacted to your post in “{thread}”',
  'notifications.reactionOthers.one': '{actor} and {count} other reacted to your post in “{thread}”',
  'notifications.reactionOthers.other': '{actor} and {count} others reacted to your post in “{thread}”',
  'notifications.reason': 'Reason: {reason}',
  'post.hiddenForAuthor': 'A moderator hid this post: only you and the moderators see it.',
  'post.hiddenReason': 'Reason: {reason}',
  'mailPrefs.reactionNotifications': 'Tell me when someone reacts to my posts (on the site only, never by email)',
};
