import { translate, type Locale, type MessageKey, type MessageParams } from '../../../shared/i18n/index.ts';
import type { MailContent } from './layout.ts';
import { digestTemplates } from './templates/digest.ts';
import { workshopTemplates } from './templates/workshops.ts';
import { inboundTemplates } from './templates/inbound.ts';
import { notificationTemplates } from './templates/notifications.ts';
import { accountTemplates } from './templates/account.ts';
import { passkeyTemplates } from './templates/passkeys.ts';
import { myDataTemplates } from './templates/my-data.ts';
import { invitationTemplates } from './templates/invitations.ts';
import { secondFactorTemplates } from './templates/second-factor.ts';
import { oidcTemplates } from './templates/oidc.ts';

type Translate = (key: MessageKey, params?: MessageParams) => string;

export interface MailTemplate<P> {
  /** Account mail: always sent, no unsubscribe headers. */
  transactional: boolean;
  build(params: P, t: Translate): MailContent;
}

const template = <P>(definition: MailTemplate<P>) => definition;

/**
 * One template per kind of message, in the catalog's words (`mail.<kind>.*`). A new kind
 * (verification, digest, notification) adds an entry here and an `outbox.kind.<kind>` label.
 */
export const mailTemplates = {
  password_reset: template<{ displayName: string; username: string; resetUrl: string }>({
    transactional: true,
    build: (p, t) => ({
      subject: t('mail.passwordReset.subject'),
      greeting: t('mail.passwordReset.greeting', { name: p.displayName }),
      paragraphs: [t('mail.passwordReset.intro', { username: p.username })],
      action: { label: t('mail.passwordReset.action'), url: p.resetUrl },
      after: [t('mail.passwordReset.expiry'), t('mail.passwordReset.ignore')],
    }),
  }),
  ...digestTemplates,
  ...workshopTemplates,
  ...inboundTemplates,
  ...notificationTemplates,
  ...accountTemplates,
  ...passkeyTemplates,
  ...myDataTemplates,
  ...invitationTemplates,
  ...secondFactorTemplates,
  ...oidcTemplates,
};

export type MailKind = keyof typeof mailTemplates;
export type MailParams<K extends MailKind> = Parameters<(typeof mailTemplates)[K]['build']>[0];

/** A set of templates by kind: the app's own, or a test's. */
export type MailTemplates = Record<string, MailTemplate<never>>;

export function mailContent(templates: MailTemplates, kind: string, params: unknown, locale: Locale): { transactional: boolean; content: MailContent } {
  const definition = templates[kind] as MailTemplate<unknown> | undefined;
  if (!definition) throw new Error(`no mail template for kind ${kind}`);
  return { transactional: definition.transactional, content: definition.build(params, (key, values) => translate(locale, key, values)) };
}
