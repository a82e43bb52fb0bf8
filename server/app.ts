import { rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import cookie from '@fastify/cookie';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { cachedSerializerFactory, cachedValidatorCompiler } from './lib/compiled-schemas.ts';
import Fastify, { type FastifyServerOptions } from 'fastify';
import type { OpenedDb } from '../db/client.ts';
import { defaultHttpLimits, defaultMailConfig, type Config } from './config.ts';
import { createSharedState, type SharedState } from './cluster/shared-state.ts';
import { createLease, type LeaseTiming } from './cluster/lease.ts';
import { leaseRepository } from './cluster/lease-repository.ts';
import { createScheduler } from './cluster/scheduler.ts';
import { EventBus } from './lib/event-bus.ts';
import { withRedaction } from './lib/logger.ts';
import { openBlobStore, type BlobStore } from './storage/index.ts';
import type { AppConfig, Area, Core } from './modules/area.ts';
import { createAuditTrail } from './modules/audit/index.ts';
import { agreementsArea, agreementsRepositories } from './modules/agreements/index.ts';
import { authArea } from './modules/auth/index.ts';
import { bookmarksArea } from './modules/bookmarks/index.ts';
import type { PasswordResetLimits } from './modules/auth/password-reset-routes.ts';
import { communitiesArea } from './modules/communities/index.ts';
import { cooperationArea, cooperationRepositories } from './modules/cooperation/index.ts';
import { digestsArea } from './modules/digests/index.ts';
import { discussionReads, discussionsArea } from './modules/discussions/index.ts';
import { draftsArea } from './modules/drafts/index.ts';
import { healthArea } from './modules/health/index.ts';
import { homeArea } from './modules/home/index.ts';
import { inboundMailArea } from './modules/inbound-mail/index.ts';
import { knowledgeArea } from './modules/knowledge/index.ts';
import { linksArea } from './modules/links/index.ts';
import { mailArea } from './modules/mail/index.ts';
import { mailingListArea } from './modules/mailing-list/index.ts';
import type { SenderTiming } from './modules/mail/sender.ts';
import { moderationArea, moderationTrust } from './modules/moderation/index.ts';
import { networkArea } from './modules/network/index.ts';
import { writeGuardPlugin } from './modules/moderation/write-guard.ts';
import { notificationMailArea } from './modules/notification-mail/index.ts';
import { notificationsArea } from './modules/notifications/index.ts';
import { representativesArea } from './modules/representatives/index.ts';
import { faqArea } from './modules/faq/index.ts';
import { forgetArea } from './modules/forget/index.ts';
import { newsArea } from './modules/news/index.ts';
import { activityArea } from './modules/activity/index.ts';
import { affiliationArea } from './modules/affiliation/index.ts';
import { myDataArea } from './modules/my-data/index.ts';
import { invitationsArea } from './modules/invitations/index.ts';
import { searchArea } from './modules/search/index.ts';
import { usersArea } from './modules/users/index.ts';
import { workshopsArea } from './modules/workshops/index.ts';
import { webhooksArea } from './modules/webhooks/index.ts';
import { passkeysArea } from './modules/passkeys/index.ts';
import { secondFactorsArea } from './modules/second-factors/index.ts';
import { oidcArea } from './modules/oidc/index.ts';
import type { WebhookTiming } from './modules/webhooks/sender.ts';
import { crawlPages } from './pages/crawl/index.ts';
import { feedPages } from './pages/feeds/index.ts';
import { oaiPages } from './pages/oai/index.ts';
import { authPlugin } from './plugins/auth.ts';
import { createPageServer } from './pages/plugin.ts';
import { loadPageRenderer } from './pages/renderer.ts';
import { clientPlugin } from './plugins/client.ts';
import { closingPlugin } from './plugins/closing.ts';
import { compressionPlugin } from './plugins/compression.ts';
import { errorsPlugin } from './plugins/errors.ts';
import { i18nPlugin } from './plugins/i18n.ts';
import { ioPlugin, type RealtimeTiming } from './plugins/io.ts';
import { metricsPlugin } from './plugins/metrics.ts';
import { apiDocsPlugin, openApiPlugin } from './plugins/openapi.ts';
import { securityPlugin } from './plugins/security.ts';
import { textHygienePlugin } from './plugins/text-hygiene.ts';

export interface AppDeps {
  config: AppConfig;
  database: OpenedDb;
  logger?: FastifyServerOptions['logger'];
  /** Close the database when the app closes (main.ts and tests that own the database). */
  closeDatabase?: boolean;
  /** Mail: SMTP, From, public URL (default: kept in the outbox, links to localhost). */
  mail?: Config['mail'];
  /** Tests shorten the mail sender's backoff and lease. */
  mailTiming?: Partial<SenderTiming>;
  passwordResetLimits?: PasswordResetLimits;
  /** Sitemaps: tests lower the URLs per file (50,000) to see the paging. */
  crawl?: { urlsPerSitemap?: number };
  /** OAI-PMH: tests lower the records and headers per answer to see the resumption. */
  oai?: { records?: number; headers?: number };
  /** Tests shorten the webhook sender's backoff, lease and poll. */
  webhookTiming?: Partial<WebhookTiming>;
  /**
   * The state shared with the other processes (issue 20); by default built from
   * `config.cluster` (Redis when MINGA_REDIS_URL is set) and closed with the app.
   */
  shared?: SharedState;
  /** The scheduler lease's lifetime and renewal (tests shorten them; main.ts reads MINGA_SCHEDULER_LEASE_S). */
  schedulerTiming?: Partial<LeaseTiming>;
  /** Where uploaded files go; by default from `config.files` (a folder beside the SQLite file when unset). */
  files?: BlobStore;
  /** Tests slow one process's access re-checks, to hold open the moment another process's broadcasts could race them. */
  realtimeTiming?: RealtimeTiming;
}

export const BODY_LIMIT = 256 * 1024;

/** The app's version, as package.json says (the API document carries it). */
const APP_VERSION: string = (() => {
  // From the source (server/app.ts) or the build (dist/server/app.js).
  const require = createRequire(import.meta.url);
  for (const path of ['../package.json', '../../package.json']) {
    try {
      const pkg = require(path) as { name?: string; version?: string };
      if (pkg.name === 'minga' && pkg.version) return pkg.version;
    } catch {
      // Not there: the other layout.
    }
  }
  return '0.0.0';
})();

/** Builds the whole app; main.ts listens on it, tests inject into it. */
export async function buildApp(deps: AppDeps) {
  const { config, database } = deps;
  const limits = config.http ?? defaultHttpLimits();
  const app = Fastify({
    logger: withRedaction(deps.logger ?? false),
    bodyLimit: BODY_LIMIT,
    // Slow clients: headers (slowloris) and whole requests have deadlines, checked every
    // second; idle keep-alive connections are let go.
    requestTimeout: limits.requestTimeoutMs,
    keepAliveTimeout: limits.keepAliveTimeoutMs,
    http: { headersTimeout: limits.headersTimeoutMs, connectionsCheckingInterval: 1_000 },
    trustProxy: config.trustProxy ?? false,
    requestIdHeader: 'x-request-id',
    genReqId: () => crypto.randomUUID(),
    routerOptions: { ignoreTrailingSlash: true },
    schemaController: { compilersFactory: { buildSerializer: cachedSerializerFactory as never } },
  }).withTypeProvider<TypeBoxTypeProvider>();
  app.server.maxConnections = limits.maxConnections;
  app.setValidatorCompiler(cachedValidatorCompiler);
  // The API speaks JSON only; any other body is a 415, not a string to validate.
  app.removeContentTypeParser('text/plain');

  const bus = new EventBus((error, event) => app.log.error({ err: error, event }, 'event subscriber failed'));

  // The areas, each built from the shared deps; the order is that of their dependencies.
  const mailConfig = deps.mail ?? config.mail ?? defaultMailConfig();
  const shared =
    deps.shared ??
    createSharedState({ url: config.cluster?.redisUrl, prefix: config.cluster?.redisPrefix, worker: process.env.MINGA_WORKER_ID, log: app.log });
  if (shared.status() !== 'off') bus.attach(shared);
  const scheduler = createScheduler({
    lease: createLease({ repo: leaseRepository(database), name: 'scheduler', holder: shared.nodeId, log: app.log, timing: deps.schedulerTiming }),
    log: app.log,
    relay: shared,
  });
  const opened = deps.files ? { store: deps.files, throwaway: false } : openBlobStore(config.files, database);
  const core: Core = { database, bus, config: { ...config, mail: mailConfig }, log: app.log, shared, scheduler, files: opened.store };
  const audit = createAuditTrail(database.db, bus);
  const mail = mailArea(core, { config: mailConfig, timing: deps.mailTiming });
  const users = usersArea(core, { audit });
  const auth = authArea(core, { users: users.service, outbox: mail.outbox, resetLimits: deps.passwordResetLimits });
  const communities = communitiesArea(core, { audit, reads: discussionReads(core.database) });
  const trust = moderationTrust(core);
  const discussions = discussionsArea(core, { audit, postRules: trust.rules, movedTo: trust.movedTo });
  const moderation = moderationArea(core, { audit, trust, communities: communities.service, discussions: discussions.service });
  const links = linksArea(core);
  // The countries' figures and the map's links read the agreements and cooperation (each through its own public rule).
  const network = networkArea(core, {
    agreementsPerCountry: () => agreementsRepositories(core.database).agreements.publicPerCountry(),
    mapLinks: async () => [
      ...(await agreementsRepositories(core.database).agreements.publicPartyPairs()).map((pair) => ({ ...pair, kind: 'agreement' as const })),
      ...(await cooperationRepositories(core.database).cooperation.responsePairs()).map((pair) => ({ ...pair, kind: 'cooperation' as const })),
    ],
  });
  const knowledge = knowledgeArea(core, { links: links.service, discussions: discussions.service, countryFigures: network.service.figures });
  const notifications = notificationsArea(core);
  const notificationMail = notificationMailArea(core, { outbox: mail.outbox, notifications: notifications.service, mail: mailConfig });
  const workshops = workshopsArea(core, { discussions: discussions.service, links: links.service, mail, preferences: notificationMail.preferences });
  const mailingList = mailingListArea(core, { outbox: mail.outbox });
  const inboundMail = inboundMailArea(core, {
    config: mailConfig,
    mail,
    discussions: discussions.service,
    unsubscribe: { preferences: notificationMail.preferences, mailingList: mailingList.service },
  });
  const areas: Area[] = [healthArea(core), auth, users, communities, discussions, notifications, knowledge, searchArea(core), workshops, moderation, mail, mailingList, inboundMail, notificationMail];
  const bookmarks = bookmarksArea(core, { notifications: notifications.service });
  areas.push(bookmarks);
  areas.push(draftsArea(core, { places: discussions.service }));
  areas.push(digestsArea(core, { outbox: mail.outbox, heldNotifications: notificationMail.heldNotifications, unsubscribe: notificationMail.preferences }));
  areas.push(homeArea(core, { presentWorkshops: (rows, actor) => workshops.ctx.present(rows, actor) }));
  const webhooks = webhooksArea(core, { publicUrl: mailConfig.publicUrl, allowPrivate: config.webhooks?.allowPrivate ?? false, timing: deps.webhookTiming });
  areas.push(webhooks);
  const representatives = representativesArea(core);
  areas.push(representatives);
  const cooperation = cooperationArea(core, { representatives: representatives.service });
  areas.push(cooperation);
  areas.push(faqArea(core, { editing: knowledge.editing, links: links.service }));
  const news = newsArea(core, { representatives: representatives.service, communities: communities.service, discussions: discussions.service });
  areas.push(news);
  areas.push(network);
  areas.push(agreementsArea(core, { communities, representatives: representatives.service, cooperation: cooperation.service }));
  const activity = activityArea(core, { links: links.service });
  areas.push(activity);
  areas.push(passkeysArea(core, { auth, outbox: mail.outbox }));
  areas.push(affiliationArea(core, { representatives: representatives.service }));
  const myData = myDataArea(core, { outbox: mail.outbox, avatar: users.avatars.stored });
  areas.push(myData);
  areas.push(forgetArea(core, { stepUp: auth.stepUp, audit, avatars: users.avatars, blankCookie: () => auth.service.blankCookie() }));
  areas.push(invitationsArea(core, { audit, outbox: mail.outbox, communities }));
  const secondFactors = secondFactorsArea(core, { auth, users: users.service, outbox: mail.outbox });
  areas.push(secondFactors);
  areas.push(oidcArea(core, { auth: auth.service, stepUp: auth.stepUp, waysIn: auth.waysIn, verification: auth.verification, outbox: mail.outbox }));

  // Cross-cutting plugins, in the order requests meet them.
  await app.register(errorsPlugin);
  await app.register(closingPlugin);
  await app.register(metricsPlugin, { config: config.metrics ?? { enabled: true, token: undefined }, database, worker: shared.worker });
  await app.register(cookie);
  await app.register(i18nPlugin);
  await app.register(securityPlugin, { shared });
  await app.register(textHygienePlugin);
  await app.register(authPlugin, { auth: auth.service });
  await app.register(writeGuardPlugin, { repo: trust.repo });
  await app.register(secondFactors.guard);
  await app.register(compressionPlugin);
  // Collects every route registered after it into the OpenAPI document.
  await app.register(openApiPlugin, { publicUrl: mailConfig.publicUrl, version: APP_VERSION });

  // Counts views of knowledge records as the areas below answer them (activity area).
  await app.register(activity.counting);
  // The domain, one area each.
  for (const area of areas) await app.register(area.routes);
  await app.register(apiDocsPlugin);

  // Realtime last: it subscribes to the events the areas above publish.
  await app.register(ioPlugin, { auth: auth.service, bus, live: discussions.live, notifications: notifications.service, workshops: workshops.room, shared, timing: deps.realtimeTiming });

  // Crawling (robots.txt, sitemaps), then pages: rendered on the server from the API's own answers, when the client is built.
  await app.register(crawlPages, { database, publicUrl: mailConfig.publicUrl, urlsPerSitemap: deps.crawl?.urlsPerSitemap });
  await app.register(feedPages, { database, bus, shared, publicUrl: mailConfig.publicUrl, searchLimit: config.rateLimits.search });
  await app.register(oaiPages, { database, publicUrl: mailConfig.publicUrl, adminEmail: /<([^>]+)>/.exec(mailConfig.from)?.[1] ?? mailConfig.from, pageSizes: deps.oai });
  const renderer = await loadPageRenderer(config.clientDir);
  const pages = renderer && createPageServer(app, renderer, { publicUrl: mailConfig.publicUrl, bus, shared });
  await app.register(clientPlugin, { clientDir: config.clientDir, pages });

  // The scheduled work (the senders, and every area's timers) runs in the process holding the
  // scheduler lease, and stops before the database closes: one hook, so the order cannot change.
  if (mail.sender) scheduler.add('mail', mail.sender);
  scheduler.add('webhooks', webhooks.sender);
  if (inboundMail.listener) app.addHook('onReady', async () => inboundMail.listener?.start());
  app.addHook('onReady', async () => scheduler.start());
  app.addHook('onClose', async () => {
    await scheduler.stop();
    await inboundMail.listener?.stop();
    await activity.counter.stop();
    if (!deps.shared) await shared.close();
    if (deps.closeDatabase) await database.close();
    // A folder made for a database without a file (in memory) goes with it.
    if (opened.throwaway && opened.store.dir) await rm(opened.store.dir, { recursive: true, force: true });
  });
  app.decorate('bus', bus);
  app.decorate('shared', shared);
  app.decorate('scheduler', scheduler);
  app.decorate('mail', mail);
  app.decorate('workshopMail', workshops.mail);
  app.decorate('mailingList', mailingList.mailer);
  app.decorate('inboundMail', inboundMail);
  app.decorate('bookmarkReminders', bookmarks.reminders);
  app.decorate('webhooks', webhooks);
  app.decorate('knowledgeUse', activity.counter);
  app.decorate('secondFactors', auth.factors);
  app.decorate('dataExports', myData.runner);
  app.decorate('files', core.files);
  return app;
}

export type App = Awaited<ReturnType<typeof buildApp>>;

declare module 'fastify' {
  interface FastifyInstance {
    bus: EventBus;
    /** What this process shares with the others serving the site (issue 20). */
    shared: SharedState;
    /** The scheduled work and the lease saying which process runs it (issue 20). */
    scheduler: import('./cluster/scheduler.ts').Scheduler;
    mail: import('./modules/mail/index.ts').Mail;
    workshopMail: import('./modules/workshops/workshop-mail.ts').WorkshopMail;
    mailingList: import('./modules/mailing-list/mailer.ts').MailingListMailer;
    inboundMail: import('./modules/inbound-mail/index.ts').InboundMail;
    bookmarkReminders: import('./modules/bookmarks/reminders.ts').BookmarkReminders;
    webhooks: import('./modules/webhooks/index.ts').Webhooks;
    /** Views and downloads of knowledge records kept in memory until the next batch (tests flush it). */
    knowledgeUse: import('./modules/activity/use-counter.ts').UseCounter;
    /** Every kind of second factor (issue 19); tests reach it to add a kind of their own. */
    secondFactors: import('./modules/auth/second-factors.ts').SecondFactors;
    /** The queue of members' data exports (issue 19); tests wait for it and sweep with their own clock. */
    dataExports: import('./modules/my-data/runner.ts').ExportRunner;
    /** Where uploaded files are kept (a folder or an S3 bucket). */
    files: BlobStore;
  }
}
