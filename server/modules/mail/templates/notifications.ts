import type { NotificationKind } from '../../../../shared/schemas/notifications.ts';
import { escapeHtml, type MailContent } from '../layout.ts';
import type { MailTemplate } from '../templates.ts';

/** One notification in a mail, as its recipient may read it now. */
export interface NotificationMailItem {
  kind: NotificationKind;
  actor: string | null;
  thread: string | null;
  community: string | null;
  /** Absolute link to the post (`/t/:threadId#post-:postId`) or the page it is about. */
  url: string;
  /** The post's cooked HTML (sanitized when written) and its plain text, to quote. */
  quoteHtml: string | null;
  quoteText: string | null;
  /** The moderator's reason (moderation notices to the author), if given. */
  reason?: string | null;
}

export interface NotificationMailParams {
  displayName: string;
  threadTitle: string | null;
  threadUrl: string | null;
  siteUrl: string;
  preferencesUrl: string;
  items: NotificationMailItem[];
}

const FONT = "font-family:-apple-system,'Segoe UI',Roboto,Helvetica,Arial,sans-serif";

type Translate = Parameters<MailTemplate<unknown>['build']>[1];

/** One line that says what happened ("Ana mentioned you in “…”"), in the catalog's words. */
export function notificationSummary(item: Pick<NotificationMailItem, 'kind' | 'actor' | 'thread' | 'community'>, t: Translate): string {
  return t(`notifications.kind.${item.kind}`, {
    actor: item.actor || t('notifications.someone'),
    thread: item.thread ?? t('notifications.aThread'),
    community: item.community ?? t('notifications.aCommunity'),
  });
}

function itemBlock(item: NotificationMailItem, t: Translate): { html: string; text: string } {
  const html = [
    `<p style="margin:0 0 8px;${FONT};font-size:16px;line-height:1.5;font-weight:600;color:#1f2328">${escapeHtml(notificationSummary(item, t))}</p>`,
    item.reason ? `<p style="margin:0 0 8px;${FONT};font-size:15px;line-height:1.5;color:#1f2328">${escapeHtml(t('notifications.reason', { reason: item.reason }))}</p>` : '',
    item.quoteHtml
      ? `<blockquote style="margin:0 0 8px;padding:4px 12px;border-left:3px solid #d8dee4;${FONT};font-size:15px;line-height:1.5;color:#1f2328">${item.quoteHtml}</blockquote>`
      : '',
    `<p style="margin:0 0 20px;${FONT};font-size:14px"><a href="${escapeHtml(item.url)}" style="color:#0b5cad">${escapeHtml(t('mail.notify.viewPostLabel'))}</a></p>`,
  ].join('');
  const quote = (item.quoteText ?? '').trim();
  const text = [notificationSummary(item, t), ...(item.reason ? [t('notifications.reason', { reason: item.reason })] : []), ...(quote ? quote.split('\n').map((line) => `> ${line}`) : []), t('mail.notify.viewPost', { url: item.url })].join('\n');
  return { html, text };
}

/** Mail about notifications: one message per member and thread (or per notification elsewhere). */
export const notificationTemplates = {
  notification: {
    transactional: false,
    build: (p: NotificationMailParams, t: Translate): MailContent => ({
      subject:
        p.items.length === 1
          ? notificationSummary(p.items[0]!, t)
          : p.threadTitle
            ? t('mail.notify.subject.many', { count: p.items.length, thread: p.threadTitle })
            : t('mail.notify.subject.manyElsewhere', { count: p.items.length }),
      greeting: t('mail.notify.greeting', { name: p.displayName }),
      paragraphs: [t('mail.notify.intro')],
      blocks: p.items.map((item) => itemBlock(item, t)),
      action: p.threadUrl ? { label: t('mail.notify.action.thread'), url: p.threadUrl } : { label: t('mail.notify.action.site'), url: p.siteUrl },
      after: [t('mail.notify.why', { url: p.preferencesUrl })],
    }),
  } satisfies MailTemplate<NotificationMailParams>,
};
