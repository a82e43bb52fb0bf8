/**
 * The Spanish catalog is the reference: its keys type the other two, part by part, so a key
 * missing in pt or en fails the type check. `{name}` marks a value filled in at run time.
 * The catalog is split along the interface's areas (see the files in ./es/).
 */
import { esBase } from './es/base.ts';
import { esPages } from './es/pages.ts';
import { esLive } from './es/live.ts';
import { esKnowledge } from './es/knowledge.ts';
import { esSearch } from './es/search.ts';
import { esWorkshops } from './es/workshops.ts';
import { esModeration } from './es/moderation.ts';
import { esAccounts } from './es/accounts.ts';
import { esMail } from './es/mail.ts';
import { esMailDigest } from './es/mail-digest.ts';
import { esMailWorkshops } from './es/mail-workshops.ts';
import { esInboundMail } from './es/inbound-mail.ts';
import { esNotifyMail } from './es/notify-mail.ts';
import { esEmailAccount } from './es/email-account.ts';
import { esBookmarks } from './es/bookmarks.ts';
import { esTold } from './es/told.ts';
import { esDrafts } from './es/drafts.ts';
import { esFeeds } from './es/feeds.ts';
import { esWebhooks } from './es/webhooks.ts';
import { esCooperation } from './es/cooperation.ts';
import { esFaq } from './es/faq.ts';
import { esNews } from './es/news.ts';
import { esAgreements } from './es/agreements.ts';
import { esActivity } from './es/activity.ts';
import { esSettings } from './es/settings.ts';
import { esHome } from './es/home.ts';
import { esLongThreads } from './es/long-threads.ts';
import { esReads } from './es/reads.ts';
import { esNetwork } from './es/network.ts';
import { esWithdrawal } from './es/withdrawal.ts';
import { esOidc } from './es/oidc.ts';
import { esSecondFactor } from './es/second-factor.ts';
import { esPasskeys } from './es/passkeys.ts';
import { esInvitations } from './es/invitations.ts';
import { esAffiliation } from './es/affiliation.ts';
import { esMyData } from './es/my-data.ts';
import { esForget } from './es/forget.ts';

export const es = { ...esBase, ...esPages, ...esLive, ...esKnowledge, ...esSearch, ...esWorkshops, ...esModeration, ...esAccounts, ...esMail, ...esMailDigest, ...esMailWorkshops, ...esInboundMail, ...esNotifyMail, ...esEmailAccount, ...esBookmarks, ...esTold, ...esDrafts, ...esFeeds, ...esSettings, ...esHome, ...esLongThreads, ...esReads, ...esWebhooks, ...esCooperation, ...esFaq, ...esNews, ...esNetwork, ...esAgreements, ...esWithdrawal, ...esActivity, ...esOidc, ...esSecondFactor, ...esPasskeys, ...esInvitations, ...esAffiliation, ...esMyData, ...esForget } as const;

export type MessageKey = keyof typeof es;
export type Catalog = Record<MessageKey, string>;
