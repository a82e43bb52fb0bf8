import type { MailTemplate } from '../templates.ts';

const template = <P>(definition: MailTemplate<P>) => definition;

/**
 * Reply by email: the polite mail back when a reply could not be posted. Sent only to the
 * member's own address (never to the From of the mail received), so a forged From gets nothing.
 */
export const inboundTemplates = {
  reply_refused: template<{ displayName: string; subject: string; reason: string; text: string; siteUrl: string }>({
    transactional: true,
    build: (p, t) => ({
      subject: t('mail.replyRefused.subject'),
      greeting: t('mail.replyRefused.greeting', { name: p.displayName }),
      paragraphs: [t('mail.replyRefused.intro', { subject: p.subject }), t('mail.replyRefused.reason', { reason: p.reason })],
      action: { label: t('mail.replyRefused.action'), url: p.siteUrl },
      after: p.text ? [t('mail.replyRefused.yourText'), p.text] : [],
    }),
  }),
};
