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

/**
 * The bytes of a cached page's parts that every reader gets unchanged, encoded once per page:
 * a reader's page is then a copy of these with their few own parts between (no 30 KB string
 * built and encoded to UTF-8 per request).
 */
interface SharedBytes {
  posts: Buffer[];
  /** `,"nextCursor":…` */
  afterPosts: Buffer;
  /** `,"forum":…,"community":…` */
  afterAccepted: Buffer;
  /** `,"links":…,"highestNumber":…` */
  afterPermissions: Buffer;
  /** `,"prevCursor":…` when the page has one (optional fields come last, as the route's serializer writes them). */
  last: Buffer;
  /** The thread's JSON per watch level (the only personal field in it). */
  threads: Map<WatchLevel, Buffer>;
}

const memo = new WeakMap<SharedThreadPage, SharedBytes>();
const bytes = (text: string) => Buffer.from(text, 'utf8');
const COMMA = bytes(',');

function sharedBytes(shared: SharedThreadPage): SharedBytes {
  let parts = memo.get(shared);
  if (!parts) {
    parts = {
      posts: shared.posts.map((post) => bytes(JSON.stringify(post))),
      afterPosts: bytes(`,"nextCursor":${JSON.stringify(shared.nextCursor)}`),
      afterAccepted: bytes(`,"forum":${JSON.stringify(shared.forum)},"community":${JSON.stringify(shared.community)}`),
      afterPermissions: bytes(`,"links":${JSON.stringify(shared.links)},"highestNumber":${JSON.stringify(shared.highestNumber)}`),
      last: bytes(shared.prevCursor !== undefined ? `,"prevCursor":${JSON.stringify(shared.prevCursor)}` : ''),
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
 * The same page as JSON bytes, spliced: the cached page's parts are serialized and encoded once,
 * and only what differs for this reader (a post they reacted to or may edit, the accepted
 * answer, their rights and place) is serialized per request. Equal, byte for byte, to
 * `JSON.stringify(readerPage(shared, bits))` (tests/integration/thread-page-splice.test.ts).
 */
export function readerPageJson(shared: SharedThreadPage, bits: ReaderBits): Buffer {
  const parts = sharedBytes(shared);
  let thread = parts.threads.get(bits.watching);
  if (thread === undefined) {
    thread = bytes(JSON.stringify({ ...shared.thread, watching: bits.watching }));
    parts.threads.set(bits.watching, thread);
  }
  const chunks: Buffer[] = [bytes('{"thread":'), thread, bytes(',"posts":[')];
  for (let i = 0; i < bits.posts.length; i += 1) {
    const post = bits.posts[i]!;
    if (i) chunks.push(COMMA);
    chunks.push(post === shared.posts[i] ? parts.posts[i]! : bytes(JSON.stringify(post)));
  }
  chunks.push(
    bytes(']'),
    parts.afterPosts,
    bytes(`,"acceptedPost":${JSON.stringify(bits.acceptedPost)}`),
    parts.afterAccepted,
    bytes(`,"permissions":${JSON.stringify(bits.permissions)}`),
    parts.afterPermissions,
    bytes(`,"lastRead":${bits.lastRead}`),
    parts.last,
    bytes('}'),
  );
  return Buffer.concat(chunks);
}
