import type { MailTemplate } from '../templates.ts';

// Not imported from templates.ts: the registry imports this file (a cycle at load time).
const template = <P>(definition: MailTemplate<P>) => definition;

/** Signing in with an institution: the link that joins a new sign-in to an existing account. */
export const oidcTemplates = {
  oidc_link: template<{ displayName: string; username: string; providerName: string; linkUrl: string }>({
    transactional: true,
    build: (p, t) => ({
      subject: t('mail.oidcLink.subject', { provider: p.providerName }),
      greeting: t('mail.oidcLink.greeting', { name: p.displayName }),
      paragraphs: [t('mail.oidcLink.intro', { username: p.username, provider: p.providerName })],
      action: { label: t('mail.oidcLink.action', { provider: p.providerName }), url: p.linkUrl },
      after: [t('mail.oidcLink.expiry'), t('mail.oidcLink.ignore')],
    }),
  }),
};
