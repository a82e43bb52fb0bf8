import type { esReads } from '../es/reads.ts';

/** Read tracking in the lists: new and unread marks, counts per forum and community, mark all read. */
export const enReads: Record<keyof typeof esReads, string> = {
  'reads.new': 'new',
  'reads.unread.one': '{count} unread',
  'reads.unread.other': '{count} unread',
  'reads.unreadThreads.one': '{count} unread thread',
  'reads.unreadThreads.other': '{count} unread threads',
  'reads.newThreads.one': '{count} new thread',
  'reads.newThreads.other': '{count} new threads',
  'reads.markForumRead': 'Mark forum read',
  'reads.markCommunityRead': 'Mark all read',
  'reads.marked.one': '{count} thread marked read.',
  'reads.marked.other': '{count} threads marked read.',
  'reads.markedNone': 'Nothing was left unread.',
};
