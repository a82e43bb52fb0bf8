import type { MessageKey } from '../../../shared/i18n/index.ts';
import type { Notification } from '../../../shared/schemas/notifications.ts';
import { t, tCount } from './i18n.svelte.ts';

/** "Ana Souza mentioned you in «…»": one sentence per kind, in the interface language. */
export function notificationText(notification: Notification): string {
  const params = {
    actor: notification.actor?.displayName || t('notifications.someone'),
    thread: notification.thread?.title ?? t('notifications.aThread'),
    community: notification.community?.name ?? t('notifications.aCommunity'),
  };
  // Coalesced: "Ana and 2 others reacted to your post".
  if (notification.kind === 'reaction' && notification.others) return tCount('notifications.reactionOthers', notification.others, params);
  return t(`notifications.kind.${notification.kind}` as MessageKey, params);
}

/** A small sign for each kind, shown beside the sentence (decorative). */
export const NOTIFICATION_SIGN: Record<Notification['kind'], string> = {
  mention: '@',
  reply: '↩',
  watched_reply: '★',
  answer_accepted: '✓',
  membership_approved: '+',
  membership_declined: '−',
  question_for_you: '?',
  report_upheld: '⚑',
  report_dismissed: '⚐',
  warning: '!',
  bookmark_reminder: '🔖',
  post_hidden: '⊘',
  post_held: '…',
  post_rejected: '✕',
  thread_moved: '→',
  thread_merged: '⇉',
  thread_split: '⑂',
  reaction: '♥',
  cooperation_match: '⇄',
  cooperation_response: '✉',
};
