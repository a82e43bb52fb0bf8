import type { esInboundMail } from '../es/inbound-mail.ts';

/** Reply by email and bounces: the mail back when a reply cannot be posted, the bounce banner. */
export const enInboundMail: Record<keyof typeof esInboundMail, string> = {
  'mail.replyRefused.subject': 'Your reply by email was not posted',
  'mail.replyRefused.greeting': 'Hello {name},',
  'mail.replyRefused.intro': 'We received your reply by email ("{subject}"), but could not post it on Minga.',
  'mail.replyRefused.reason': 'Reason: {reason}',
  'mail.replyRefused.yourText': 'Your text, in case you want to keep it:',
  'mail.replyRefused.action': 'Open Minga',
  'mail.replyRefused.empty': 'we found no new text in the message (only the quote of the earlier mail).',
  'mail.replyRefused.wrongSender': 'the reply came from {address}, which is not your account’s address. We only post replies sent from your account’s address.',
  'mail.replyRefused.gone': 'the conversation no longer exists or you can no longer see it.',
  'outbox.kind.reply_refused': 'Reply by email refused',
  'error.EMAIL_BOUNCES_NOT_FOUND': 'That account has no recorded mail bounces.',
  'bounce.banner': 'Mail we send to {email} bounces, so we have stopped sending you mail. Please fix your address in your settings.',
  'bounce.banner.action': 'Fix the address',
};
