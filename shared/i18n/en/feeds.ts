import type { esFeeds } from '../es/feeds.ts';

/** Feeds (RSS): their titles and descriptions, and the links that offer them on the pages. */
export const enFeeds: Record<keyof typeof esFeeds, string> = {
  'feeds.latest.title': 'Minga: new threads',
  'feeds.latest.description': 'New threads in the network’s open communities.',
  'feeds.community.title': '{name}: new threads',
  'feeds.forum.title': '{forum} · {community}: new threads',
  'feeds.thread.title': '{title}: replies',
  'feeds.thread.description': 'The latest replies to “{title}”.',
  'feeds.post.title': 'Reply by {name} (no. {number}) in “{title}”',
  'feeds.knowledge.title': 'Minga: {kind}',
  'feeds.knowledge.description': 'The latest {kind} in the network, with the chosen filters.',
  'feeds.workshops.title': 'Minga: workshops and meetings',
  'feeds.workshops.description': 'Open workshops, technical meetings and seminars of the network.',
  'feeds.workshop.when': 'From {starts} to {ends} (UTC)',
  'feeds.subscribe': 'Subscribe (RSS)',
  'feeds.subscribeTo': 'Subscribe to {name} by RSS',
};
