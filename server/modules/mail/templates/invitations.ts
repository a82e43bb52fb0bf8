import type { MailTemplate } from '../templates.ts';

// Not imported from templates.ts: the registry imports this file (a cycle at load time).
const template = <P>(definition: MailTemplate<P>) => definition;

/** An invitation into a community, mailed to the address a moderator gave (issue 19). */
export const invitationTemplates = {
  community_invitation: template<{ communityName: string; inviterName: string; inviteUrl: string; expiresOn: string }>({
    transactional: true,
    build: (p, t) => ({
      subject: t('mail.invitation.subject', { community: p.communityName }),
      greeting: t('mail.invitation.greeting'),
      paragraphs: [t('mail.invitation.intro', { inviter: p.inviterName, community: p.communityName })],
      action: { label: t('mail.invitation.action'), url: p.inviteUrl },
      after: [t('mail.invitation.expiry', { date: p.expiresOn }), t('mail.invitation.ignore')],
    }),
  }),
};
