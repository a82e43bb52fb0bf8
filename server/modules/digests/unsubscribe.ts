import { mailDomain, type Outbox } from '../mail/outbox.ts';

/**
 * Where a digest's List-Unsubscribe points: for now the settings page's mail section and a
 * mailto; one-click tokens (the notification mails' unsubscribe) replace this one function.
 */
export function digestUnsubscribe(outbox: Pick<Outbox, 'link'>, mailFrom: string, _userId: number): { url: string; mailto: string } {
  return { url: outbox.link('/settings#mail'), mailto: `unsubscribe@${mailDomain(mailFrom)}` };
}
