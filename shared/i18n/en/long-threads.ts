import type { esLongThreads } from '../es/long-threads.ts';

/** Long threads (issue 16, part 3): the timeline, the reader's place, keyboard shortcuts. */
export const enLongThreads: Record<keyof typeof esLongThreads, string> = {
  'timeline.label': 'Thread timeline',
  'timeline.position': '{current} of {total}',
  'timeline.positionLong': 'Post {current} of {total}',
  'timeline.first': 'First post',
  'timeline.current': 'Post in view',
  'timeline.last': 'Last post',
  'timeline.toStart': 'Go to the start',
  'timeline.toLastRead': 'Go to where you stopped reading',
  'timeline.toEnd': 'Go to the end',
  'timeline.start': 'Start',
  'timeline.lastRead': 'Last read',
  'timeline.end': 'End',
  'thread.sinceLastVisit': 'Since your last visit',
  'thread.earlierPosts': 'Show earlier posts',
  'shortcuts.title': 'Keyboard shortcuts',
  'shortcuts.open': 'Keyboard shortcuts (?)',
  'shortcuts.next': 'Next post',
  'shortcuts.previous': 'Previous post',
  'shortcuts.reply': 'Reply (goes to the reply box)',
  'shortcuts.help': 'Show this list',
  'shortcuts.close': 'Close this window',
  'shortcuts.note': 'Shortcuts do nothing while you type in a field.',
};
