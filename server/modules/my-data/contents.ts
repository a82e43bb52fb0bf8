import type { Locale } from '../../../shared/i18n/index.ts';
import type { UsersRepository } from '../users/repository.ts';
import type { PostsRepository } from '../discussions/posts-repository.ts';
import type { ThreadsRepository } from '../discussions/threads-repository.ts';
import type { BookmarksRepository } from '../bookmarks/repository.ts';
import type { DraftsRepository } from '../drafts/repository.ts';
import type { NotificationsRepository } from '../notifications/repository.ts';
import type { SessionStore } from '../auth/session-store.ts';
import type { TokensRepository } from '../auth/repository.ts';
import type { NotificationMailRepository } from '../notification-mail/repository.ts';
import type { DigestsRepository } from '../digests/repository.ts';
import type { MailingListRepository } from '../mailing-list/repository.ts';
import type { CommunitiesRepository } from '../communities/repository.ts';
import type { WorkshopsRepository } from '../workshops/repository.ts';
import type { ItemsRepository } from '../knowledge/items-repository.ts';
import { DEFAULT_MODES } from '../notification-mail/preferences.ts';
import { readmeFor } from './readme.ts';
import type { ZipFileWriter } from './zip.ts';

/** Where the export reads, each area through its own repository (they own their tables). */
export interface ExportSources {
  users: Pick<UsersRepository, 'findById'>;
  avatar(userId: number): Promise<Buffer | null>;
  posts: Pick<PostsRepository, 'forExport' | 'countForExport' | 'reactionsForExport'>;
  threads: Pick<ThreadsRepository, 'forExport'>;
  bookmarks: Pick<BookmarksRepository, 'forExport'>;
  drafts: Pick<DraftsRepository, 'page'>;
  notifications: Pick<NotificationsRepository, 'forExport'>;
  sessions: Pick<SessionStore, 'listFor'>;
  tokens: Pick<TokensRepository, 'listFor'>;
  mailPreferences: Pick<NotificationMailRepository, 'preferences'>;
  digests: Pick<DigestsRepository, 'frequencyOf'>;
  mailingList: Pick<MailingListRepository, 'ofUser'>;
  communities: Pick<CommunitiesRepository, 'membershipsForExport'>;
  workshops: Pick<WorkshopsRepository, 'registrationsForExport' | 'messagesForExport' | 'questionsForExport'>;
  knowledge: Pick<ItemsRepository, 'authoredForExport'>;
}

/** Rows read per query: the job yields to the server between two pages. */
export const EXPORT_PAGE = 200;

const iso = (date: Date | null | undefined): string | null => (date ? date.toISOString() : null);
const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;
const pause = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Front matter values are quoted JSON strings: a title with a colon or a quote stays one value. */
function postMarkdown(post: { id: number; threadId: number; threadTitle: string; number: number; body: string; createdAt: Date; editedAt: Date | null; hidden: boolean }, url: string): string {
  const lines = [
    '---',
    `thread: ${JSON.stringify(post.threadTitle)}`,
    `link: ${JSON.stringify(url)}`,
    `created: ${JSON.stringify(iso(post.createdAt))}`,
    ...(post.editedAt ? [`edited: ${JSON.stringify(iso(post.editedAt))}`] : []),
    ...(post.hidden ? ['hidden_by_moderators: true'] : []),
    '---',
    '',
    post.body,
    '',
  ];
  return lines.join('\n');
}

/** A JSON array written a page at a time: `[` … `]`, one element per row. */
async function jsonArray<T, C>(zip: ZipFileWriter, path: string, first: C, page: (cursor: C) => Promise<{ rows: T[]; next: C | null }>, map: (row: T) => unknown): Promise<number> {
  const out = await zip.stream(path);
  await out.write('[');
  let count = 0;
  for (let cursor = first; ; ) {
    const { rows, next } = await page(cursor);
    for (const row of rows) {
      await out.write(`${count === 0 ? '\n' : ',\n'}  ${JSON.stringify(map(row))}`);
      count += 1;
    }
    await pause();
    if (rows.length === 0 || next === null) break;
    cursor = next;
  }
  await out.write(count === 0 ? ']\n' : '\n]\n');
  await out.end();
  return count;
}

export interface ExportTarget {
  userId: number;
  locale: Locale;
  publicUrl: string;
  /** Told between batches: 0..1 (awaited: it writes the progress, or throws to stop the export). */
  onProgress(progress: number): void | Promise<void>;
}

/** Writes every file of the member's export into the ZIP. */
export async function writeExport(zip: ZipFileWriter, sources: ExportSources, target: ExportTarget): Promise<void> {
  const { userId, publicUrl } = target;
  const user = await sources.users.findById(userId);
  if (!user) throw new Error(`export of a missing member ${userId}`);
  const threadUrl = (threadId: number, postId?: number) => `${publicUrl}/t/${threadId}${postId ? `#post-${postId}` : ''}`;

  await zip.file(`README.md`, readmeFor(target.locale));

  const avatar = await sources.avatar(userId);
  if (avatar) await zip.file('avatar.webp', avatar);
  const me = {
    id: user.id,
    username: user.username,
    displayName: user.displayName,
    email: user.email,
    emailVerifiedAt: iso(user.emailVerifiedAt),
    role: user.role,
    institution: user.institution ? { acronym: user.institution.acronym, name: user.institution.name } : null,
    country: user.country ? { code: user.country.code, name: user.country.names[target.locale] } : null,
    languages: user.languages,
    bio: user.bio,
    specialist: user.specialist,
    locale: user.locale,
    timeZone: user.timeZone,
    avatar: avatar ? 'avatar.webp' : null,
    profileUrl: `${publicUrl}/u/${user.username}`,
    createdAt: iso(user.createdAt),
    updatedAt: iso(user.updatedAt),
  };
  await zip.file('profile.json', json(me));
  await target.onProgress(0.05);

  // Posts: most of the work, most of the bar (5% → 80%). Each post is a Markdown file and an HTML
  // file; then posts.json lists them with raw and cooked side by side. Two passes over the rows,
  // because a ZIP entry is written whole before the next begins.
  const total = Math.max(1, await sources.posts.countForExport(userId));
  const fileOf = (post: { id: number; createdAt: Date }) => `posts/${post.createdAt.toISOString().slice(0, 10)}-${post.id}`;
  let done = 0;
  for (let after = 0; ; ) {
    const rows = await sources.posts.forExport(userId, after, EXPORT_PAGE);
    if (rows.length === 0) break;
    for (const post of rows) {
      const name = fileOf(post);
      await zip.file(`${name}.md`, postMarkdown(post, threadUrl(post.threadId, post.id)));
      await zip.file(`${name}.html`, `<!doctype html>\n<meta charset="utf-8">\n<title>${escapeHtml(post.threadTitle)}</title>\n<article>\n${post.bodyHtml}\n</article>\n`);
      done += 1;
    }
    after = rows[rows.length - 1]!.id;
    await target.onProgress(0.05 + 0.55 * Math.min(1, done / total));
    await pause();
  }
  let listed = 0;
  await jsonArray(zip, 'posts.json', 0, async (cursor) => {
    const rows = await sources.posts.forExport(userId, cursor, EXPORT_PAGE);
    listed += rows.length;
    await target.onProgress(0.6 + 0.2 * Math.min(1, listed / total));
    return { rows, next: rows.at(-1)?.id ?? null };
  }, (post) => ({
    id: post.id,
    threadId: post.threadId,
    threadTitle: post.threadTitle,
    number: post.number,
    link: threadUrl(post.threadId, post.id),
    createdAt: iso(post.createdAt),
    editedAt: iso(post.editedAt),
    hiddenByModerators: post.hidden,
    markdown: `${fileOf(post)}.md`,
    html: `${fileOf(post)}.html`,
    raw: post.body,
    cooked: post.bodyHtml,
  }));

  await jsonArray(zip, 'threads.json', 0, async (cursor) => {
    const rows = await sources.threads.forExport(userId, cursor, EXPORT_PAGE);
    return { rows, next: rows.at(-1)?.id ?? null };
  }, (t) => ({ id: t.id, title: t.title, kind: t.kind, language: t.language, link: threadUrl(t.id), createdAt: iso(t.createdAt) }));
  await target.onProgress(0.83);

  await jsonArray(zip, 'reactions.json', null as { postId: number; kind: string } | null, async (cursor) => {
    const rows = await sources.posts.reactionsForExport(userId, cursor, EXPORT_PAGE);
    const last = rows.at(-1);
    return { rows, next: last ? { postId: last.postId, kind: last.kind } : null };
  }, (r) => ({ kind: r.kind, postId: r.postId, link: threadUrl(r.threadId, r.postId), createdAt: iso(r.createdAt) }));
  await target.onProgress(0.86);

  await jsonArray(zip, 'bookmarks.json', 0, async (cursor) => {
    const rows = await sources.bookmarks.forExport(userId, cursor, EXPORT_PAGE);
    return { rows, next: rows.at(-1)?.id ?? null };
  }, (b) => ({ postId: b.postId, threadTitle: b.threadTitle, link: threadUrl(b.threadId, b.postId), note: b.note, remindAt: iso(b.remindAt), createdAt: iso(b.createdAt) }));

  await jsonArray(zip, 'drafts.json', null as [number, number] | null, async (cursor) => {
    const rows = await sources.drafts.page(userId, cursor, EXPORT_PAGE);
    const last = rows.at(-1);
    return { rows, next: last ? ([last.updatedAt.getTime(), last.id] as [number, number]) : null };
  }, (d) => ({ place: d.key, title: d.title, body: d.body, updatedAt: iso(d.updatedAt) }));
  await target.onProgress(0.9);

  await jsonArray(zip, 'notifications.json', 0, async (cursor) => {
    const rows = await sources.notifications.forExport(userId, cursor, EXPORT_PAGE);
    return { rows, next: rows.at(-1)?.id ?? null };
  }, (n) => ({ kind: n.kind, threadTitle: n.threadTitle, link: n.threadId && n.threadTitle !== null ? threadUrl(n.threadId, n.postId ?? undefined) : null, reason: n.reason, others: n.others, createdAt: iso(n.createdAt), readAt: iso(n.readAt) }));
  await target.onProgress(0.94);

  // Sessions and tokens: what identifies a device or a key to its owner, never a secret or a hash.
  await zip.file('sessions.json', json((await sources.sessions.listFor(userId)).map((s) => ({ device: s.userAgent, address: s.address, signedInAt: iso(s.createdAt), lastSeenAt: iso(s.lastSeenAt) }))));
  await zip.file('api-tokens.json', json((await sources.tokens.listFor(userId)).map((t) => ({ name: t.name, prefix: t.prefix, scope: t.scope, createdAt: iso(t.createdAt), lastUsedAt: iso(t.lastUsedAt) }))));
  await zip.file(
    'consents.json',
    json({
      notificationMail: { ...DEFAULT_MODES, ...(await sources.mailPreferences.preferences(userId)) },
      digest: await sources.digests.frequencyOf(userId),
      mailingLists: (await sources.mailingList.ofUser(userId)).map((c) => ({ community: c.slug, name: c.name })),
    }),
  );
  await zip.file('memberships.json', json((await sources.communities.membershipsForExport(userId)).map((m) => ({ community: m.slug, name: m.name, role: m.role, status: m.status, since: iso(m.createdAt), silencedUntil: iso(m.silencedUntil) }))));
  await zip.file('knowledge.json', json((await sources.knowledge.authoredForExport(userId)).map((k) => ({ kind: k.kind, id: k.id, title: k.title, link: `${publicUrl}/knowledge/${k.kind}/${k.id}`, createdAt: iso(k.createdAt) }))));
  await target.onProgress(0.97);

  const registrations = (await sources.workshops.registrationsForExport(userId)).map((r) => ({ workshopId: r.workshopId, title: r.title, startsAt: iso(r.startsAt), registeredAt: iso(r.registeredAt) }));
  const questions = (await sources.workshops.questionsForExport(userId)).map((q) => ({ workshopId: q.workshopId, body: q.body, votes: q.voteCount, answeredAt: iso(q.answeredAt), createdAt: iso(q.createdAt) }));
  await zip.file('workshops.json', json({ registrations, questions }));
  await jsonArray(zip, 'workshop-messages.json', 0, async (cursor) => {
    const rows = await sources.workshops.messagesForExport(userId, cursor, EXPORT_PAGE);
    return { rows, next: rows.at(-1)?.id ?? null };
  }, (m) => ({ workshopId: m.workshopId, raw: m.body, cooked: m.bodyHtml, createdAt: iso(m.createdAt) }));
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}
