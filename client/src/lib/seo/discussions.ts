import type { Post, ThreadPage } from '../../../../shared/schemas/discussions.ts';
import { absoluteUrl, interactionCounter, personJsonLd, SCHEMA_CONTEXT, type JsonLd } from './json-ld.ts';
import { plainText } from './text.ts';

/** The posts the public may read: a hidden or deleted post says nothing in structured data. */
function readable(post: Post | null | undefined): post is Post {
  return !!post && !post.deleted && !post.hidden && post.bodyHtml !== '';
}

function likesOf(post: Post): number {
  return post.reactions.reduce((sum, reaction) => sum + reaction.count, 0);
}

function latest(...dates: (string | null | undefined)[]): string | undefined {
  return dates.filter((date): date is string => !!date).sort((a, b) => Date.parse(a) - Date.parse(b)).at(-1);
}

function postUrl(threadUrl: string, post: Post): string {
  return `${threadUrl}#post-${post.id}`;
}

function comment(base: string, threadUrl: string, post: Post) {
  return {
    '@type': 'Comment',
    text: plainText(post.bodyHtml),
    author: personJsonLd(base, post.author),
    datePublished: post.createdAt,
    ...(post.editedAt ? { dateModified: post.editedAt } : {}),
    url: postUrl(threadUrl, post),
    interactionStatistic: interactionCounter('LikeAction', likesOf(post)),
  };
}

function answer(base: string, threadUrl: string, post: Post) {
  return {
    '@type': 'Answer',
    text: plainText(post.bodyHtml),
    author: personJsonLd(base, post.author),
    datePublished: post.createdAt,
    url: postUrl(threadUrl, post),
    upvoteCount: likesOf(post),
  };
}

/**
 * A thread as schema.org sees it: a question with answers is a `QAPage` (its accepted answer
 * named), any other thread a `DiscussionForumPosting` with the replies on this page as
 * comments. Built only from what the reader was given (the API already left out what they
 * may not see).
 */
export function threadJsonLd(base: string, page: ThreadPage): JsonLd {
  const { thread } = page;
  const url = absoluteUrl(base, `/t/${thread.id}`);
  const first = page.posts.find((post) => post.id === thread.firstPostId);
  const replies = page.posts.filter((post) => post.id !== thread.firstPostId && readable(post));
  const replyCount = Math.max(0, thread.postCount - 1);
  const text = readable(first) ? plainText(first.bodyHtml) : undefined;
  const accepted = readable(page.acceptedPost) ? page.acceptedPost : null;

  if (thread.kind === 'question' && (accepted || replies.length > 0)) {
    return {
      '@context': SCHEMA_CONTEXT,
      '@type': 'QAPage',
      url,
      ...(thread.language ? { inLanguage: thread.language } : {}),
      mainEntity: {
        '@type': 'Question',
        name: thread.title,
        ...(text ? { text } : {}),
        answerCount: replyCount,
        datePublished: thread.createdAt,
        author: personJsonLd(base, thread.author),
        ...(first ? { upvoteCount: likesOf(first) } : {}),
        ...(accepted ? { acceptedAnswer: answer(base, url, accepted) } : {}),
        suggestedAnswer: replies.filter((post) => post.id !== accepted?.id).map((post) => answer(base, url, post)),
      },
    };
  }

  return {
    '@context': SCHEMA_CONTEXT,
    '@type': 'DiscussionForumPosting',
    headline: thread.title,
    ...(text ? { text } : {}),
    url,
    author: personJsonLd(base, thread.author),
    datePublished: thread.createdAt,
    // The page changes with an edit of the first post and with every reply.
    dateModified: latest(first?.editedAt, thread.lastPostAt),
    ...(thread.language ? { inLanguage: thread.language } : {}),
    isPartOf: { '@type': 'WebPage', name: page.forum.name, url: absoluteUrl(base, `/f/${page.forum.id}`) },
    interactionStatistic: [
      interactionCounter('CommentAction', replyCount),
      interactionCounter('LikeAction', first ? likesOf(first) : 0),
    ],
    comment: replies.map((post) => comment(base, url, post)),
  };
}
