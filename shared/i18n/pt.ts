import type { Catalog } from './es.ts';
import { ptBase } from './pt/base.ts';
import { ptPages } from './pt/pages.ts';
import { ptLive } from './pt/live.ts';
import { ptKnowledge } from './pt/knowledge.ts';
import { ptSearch } from './pt/search.ts';
import { ptWorkshops } from './pt/workshops.ts';
import { ptModeration } from './pt/moderation.ts';
import { ptAccounts } from './pt/accounts.ts';
import { ptMail } from './pt/mail.ts';
import { ptMailDigest } from './pt/mail-digest.ts';
import { ptMailWorkshops } from './pt/mail-workshops.ts';
import { ptInboundMail } from './pt/inbound-mail.ts';
import { ptNotifyMail } from './pt/notify-mail.ts';
import { ptEmailAccount } from './pt/email-account.ts';
import { ptBookmarks } from './pt/bookmarks.ts';
import { ptTold } from './pt/told.ts';
import { ptDrafts } from './pt/drafts.ts';
import { ptFeeds } from './pt/feeds.ts';
import { ptWebhooks } from './pt/webhooks.ts';
import { ptActivity } from './pt/activity.ts';
import { ptSettings } from './pt/settings.ts';
import { ptHome } from './pt/home.ts';
import { ptLongThreads } from './pt/long-threads.ts';
import { ptReads } from './pt/reads.ts';



export const pt: Catalog = { ...ptBase, ...ptPages, ...ptLive, ...ptKnowledge, ...ptSearch, ...ptWorkshops, ...ptModeration, ...ptAccounts, ...ptMail, ...ptMailDigest, ...ptMailWorkshops, ...ptInboundMail, ...ptNotifyMail, ...ptEmailAccount, ...ptBookmarks, ...ptTold, ...ptDrafts, ...ptFeeds, ...ptSettings, ...ptHome, ...ptLongThreads, ...ptReads, ...ptWebhooks, ...ptActivity };
