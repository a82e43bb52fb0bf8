import type { Catalog } from './es.ts';
import { enBase } from './en/base.ts';
import { enPages } from './en/pages.ts';
import { enLive } from './en/live.ts';
import { enKnowledge } from './en/knowledge.ts';
import { enSearch } from './en/search.ts';
import { enWorkshops } from './en/workshops.ts';
import { enModeration } from './en/moderation.ts';
import { enAccounts } from './en/accounts.ts';
import { enMail } from './en/mail.ts';
import { enMailDigest } from './en/mail-digest.ts';
import { enMailWorkshops } from './en/mail-workshops.ts';
import { enInboundMail } from './en/inbound-mail.ts';
import { enNotifyMail } from './en/notify-mail.ts';
import { enEmailAccount } from './en/email-account.ts';
import { enBookmarks } from './en/bookmarks.ts';
import { enTold } from './en/told.ts';
import { enDrafts } from './en/drafts.ts';
import { enFeeds } from './en/feeds.ts';
import { enWebhooks } from './en/webhooks.ts';
import { enActivity } from './en/activity.ts';
import { enSettings } from './en/settings.ts';
import { enHome } from './en/home.ts';
import { enLongThreads } from './en/long-threads.ts';
import { enReads } from './en/reads.ts';



export const en: Catalog = { ...enBase, ...enPages, ...enLive, ...enKnowledge, ...enSearch, ...enWorkshops, ...enModeration, ...enAccounts, ...enMail, ...enMailDigest, ...enMailWorkshops, ...enInboundMail, ...enNotifyMail, ...enEmailAccount, ...enBookmarks, ...enTold, ...enDrafts, ...enFeeds, ...enSettings, ...enHome, ...enLongThreads, ...enReads, ...enWebhooks, ...enActivity };
