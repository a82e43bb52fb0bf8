import type { Post, ThreadPage, ThreadPermissions, WatchLevel } from '../../../shared/schemas/discussions.ts';
import type { SharedThreadPage } from './thread-page-cache.ts';

/** What one signed-in reader adds to a cached page: their rights, their place, their marks on posts. */
export interface ReaderBits {
  watching: WatchLevel;
  /** The shared posts made personal (`personalize` hands back the shared object when nothing changed). */
  posts: Post[];
  acceptedPost: Post | null;
  permissions: ThreadPermissions;
  lastRead: number;
}

/** The JSON of a cached page's parts that every reader gets unchanged, made once per page. */
interface SharedJson {
  posts: string[];
  /** `,"nextCursor":…` */
  afterPosts: string;
  /** `,"prevCursor":…` when the page has one (optional fields come last, as the route's serializer writes them). */
  last: string;
  /** `,"forum":…,"community":…` */
  afterAccepted: string;
  /** `,"links":…,"highestNumber":…` */
  afterPermissions: string;
  /** The thread's JSON per watch level (the only personal field in it). */
  threads: Map<WatchLevel, string>;
}

const memo = new WeakMap<SharedThreadPage, SharedJson>();

function sharedJson(shared: SharedThreadPage): SharedJson {
  let parts = memo.get(shared);
  if (!parts) {
    parts = {
      posts: shared.posts.map((post) => JSON.stringify(post)),
      afterPosts: `,"nextCursor":${JSON.stringify(shared.nextCursor)}`,
      last: shared.prevCursor !== undefined ? `,"prevCursor":${JSON.stringify(shared.prevCursor)}` : '',
      afterAccepted: `,"forum":${JSON.stringify(shared.forum)},"community":${JSON.stringify(shared.community)}`,
      afterPermissions: `,"links":${JSON.stringify(shared.links)},"highestNumber":${JSON.stringify(shared.highestNumber)}`,
      threads: new Map(),
    };
    memo.set(shared, parts);
  }
  return parts;
}

/**
 * A signed-in reader's page as an object: the shared page with their bits, in the order of the
 * ThreadPage schema as the route's serializer writes it (required fields first, then the optional
 * ones), and as the JSON below does; the cached
 * anonymous copy is not part of it.
 */
export function readerPage(shared: SharedThreadPage, bits: ReaderBits): ThreadPage {
  return {
    thread: { ...shared.thread, watching: bits.watching },
    posts: bits.posts,
    nextCursor: shared.nextCursor,
    acceptedPost: bits.acceptedPost,
    forum: shared.forum,
    community: shared.community,
    permissions: bits.permissions,
    links: shared.links,
    highestNumber: shared.highestNumber,
    lastRead: bits.lastRead,
    ...(shared.prevCursor !== undefined ? { prevCursor: shared.prevCursor } : {}),
  };
}

/**
 * The same page as JSON, spliced: the cached page's parts are serialized once, and only what
 * differs for this reader (a post they reacted to or may edit, the accepted answer, their
 * rights and place) is serialized per request. Equal, byte for byte, to
 * `JSON.stringify(readerPage(shared, bits))` (tests/unit/thread-page-json.test.ts).
 */
export function readerPageJson(shared: SharedThreadPage, bits: ReaderBits): string {
  const parts = sharedJson(shared);
  let thread = parts.threads.get(bits.watching);
  if (thread === undefined) {
    thread = JSON.stringify({ ...shared.thread, watching: bits.watching });
    parts.threads.set(bits.watching, thread);
  }
  let posts = '';
  for (let i = 0; i < bits.posts.length; i += 1) {
    const post = bits.posts[i]!;
    posts += (i ? ',' : '') + (post === shared.posts[i] ? parts.posts[i] : JSON.stringify(post));
  }
  return (
    `{"thread":${thread},"posts":[${posts}]${parts.afterPosts},"acceptedPost":${JSON.stringify(bits.acceptedPost)}` +
    `${parts.afterAccepted},"permissions":${JSON.stringify(bits.permissions)}${parts.afterPermissions},"lastRead":${bits.lastRead}${parts.last}}`
  );
}
