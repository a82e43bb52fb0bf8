import cookie from '@fastify/cookie';
import { TypeBoxValidatorCompiler, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyServerOptions } from 'fastify';
import type { OpenedDb } from '../db/client.ts';
import { defaultHttpLimits, defaultMailConfig, type Config } from './config.ts';
import { EventBus } from './lib/event-bus.ts';
import { withRedaction } from './lib/logger.ts';
import { createTokensRepository } from './modules/auth/repository.ts';
import { authRoutes } from './modules/auth/routes.ts';
import { createAuthService } from './modules/auth/service.ts';
import { createSessionStore } from './modules/auth/session-store.ts';
import { healthRoutes } from './modules/health/routes.ts';
import { createHealthService } from './modules/health/service.ts';
import { createGeoRepository } from './modules/knowledge/geo-repository.ts';
import { geoRoutes } from './modules/knowledge/geo-routes.ts';
import { createGeoService } from './modules/knowledge/geo-service.ts';
import { createCommunitiesRepository } from './modules/communities/repository.ts';
import { communitiesRoutes } from './modules/communities/routes.ts';
import { createCommunitiesService } from './modules/communities/service.ts';
import { createPostsRepository } from './modules/discussions/posts-repository.ts';
import { discussionsRoutes } from './modules/discussions/routes.ts';
import { createDiscussions } from './modules/discussions/index.ts';
import { subscribeThreadPageCache } from './modules/discussions/subscribers.ts';
import { ThreadPageCache } from './modules/discussions/thread-page-cache.ts';
import { createThreadsRepository } from './modules/discussions/threads-repository.ts';
import { createCommunityGate } from './modules/communities/access.ts';
import { createBrowseRepository } from './modules/knowledge/browse-repository.ts';
import { createItemsRepository } from './modules/knowledge/items-repository.ts';
import { createKnowledgeEditing } from './modules/knowledge/editing.ts';
import { createEditingRepository } from './modules/knowledge/editing-repository.ts';
import { knowledgeEditingRoutes } from './modules/knowledge/editing-routes.ts';
import { askSpecialistRoutes } from './modules/knowledge/ask-routes.ts';
import { createExportService } from './modules/knowledge/export.ts';
import { createFacetIndexes, subscribeFacetIndexes } from './modules/knowledge/facet-indexes.ts';
import { createFilesService, fileRefFor, filesDirFor } from './modules/knowledge/files.ts';
import { filesRoutes } from './modules/knowledge/files-routes.ts';
import { transferRoutes } from './modules/knowledge/transfer-routes.ts';
import { knowledgeRoutes } from './modules/knowledge/routes.ts';
import { createKnowledgeService } from './modules/knowledge/service.ts';
import { createVocabulary } from './modules/knowledge/vocabulary.ts';
import { createLinksRepository } from './modules/links/repository.ts';
import { createLinksService } from './modules/links/service.ts';
import { createNotificationsRepository } from './modules/notifications/repository.ts';
import { notificationsRoutes } from './modules/notifications/routes.ts';
import { createNotificationsService } from './modules/notifications/service.ts';
import { subscribeNotifications } from './modules/notifications/subscribers.ts';
import { createSearch, searchRoutes } from './modules/search/index.ts';
import { createAuditTrail } from './modules/audit/index.ts';
import { createModeration } from './modules/moderation/index.ts';
import { createPostRules } from './modules/moderation/post-rules.ts';
import { createModerationRepository } from './modules/moderation/repository.ts';
import { moderationRoutes, sanctionRoutes } from './modules/moderation/routes.ts';
import { createModerationSettings } from './modules/moderation/settings.ts';
import { writeGuardPlugin } from './modules/moderation/write-guard.ts';
import { createUsersRepository } from './modules/users/repository.ts';
import { createWorkshops } from './modules/workshops/index.ts';
import { createMail } from './modules/mail/index.ts';
import { outboxRoutes } from './modules/mail/routes.ts';
import type { SenderTiming } from './modules/mail/sender.ts';
import { createPasswordReset } from './modules/auth/password-reset.ts';
import { createPasswordResetRepository } from './modules/auth/password-reset-repository.ts';
import { passwordResetRoutes, type PasswordResetLimits } from './modules/auth/password-reset-routes.ts';
import { createWorkshopsRepository } from './modules/workshops/repository.ts';
import { workshopsRoutes } from './modules/workshops/routes.ts';
import { usersRoutes } from './modules/users/routes.ts';
import { createUsersService } from './modules/users/service.ts';
import { authPlugin } from './plugins/auth.ts';
import { clientPlugin } from './plugins/client.ts';
import { closingPlugin } from './plugins/closing.ts';
import { errorsPlugin } from './plugins/errors.ts';
import { i18nPlugin } from './plugins/i18n.ts';
import { ioPlugin } from './plugins/io.ts';
import { metricsPlugin } from './plugins/metrics.ts';
import { securityPlugin } from './plugins/security.ts';
import { textHygienePlugin } from './plugins/text-hygiene.ts';

export interface AppDeps {
  config: Pick<Config, 'clientDir' | 'rateLimits'> & Partial<Pick<Config, 'trustProxy' | 'metrics' | 'http'>>;
  database: OpenedDb;
  logger?: FastifyServerOptions['logger'];
  /** Close the database when the app closes (main.ts and tests that own the database). */
  closeDatabase?: boolean;
  /** Mail: SMTP, From, public URL (default: kept in the outbox, links to localhost). */
  mail?: Config['mail'];
  /** Tests shorten the mail sender's backoff and lease. */
  mailTiming?: Partial<SenderTiming>;
  passwordResetLimits?: PasswordResetLimits;
}

export const BODY_LIMIT = 256 * 1024;

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
  }).withTypeProvider<TypeBoxTypeProvider>();
  app.server.maxConnections = limits.maxConnections;
  app.setValidatorCompiler(TypeBoxValidatorCompiler);
  // The API speaks JSON only; any other body is a 415, not a string to validate.
  app.removeContentTypeParser('text/plain');

  const bus = new EventBus((error, event) => app.log.error({ err: error, event }, 'event subscriber failed'));

  // Data access, then the services that hold the rules.
  const usersRepo = createUsersRepository(database.db);
  const sessionStore = createSessionStore(database.db);
  const auth = createAuthService({
    users: usersRepo,
    tokens: createTokensRepository(database.db),
    sessions: sessionStore,
    bus,
    loginFailures: config.rateLimits.loginFailures,
  });
  const mail = createMail({ database, config: deps.mail ?? defaultMailConfig(), log: app.log, timing: deps.mailTiming });
  const passwordReset = createPasswordReset({
    users: usersRepo,
    tokens: createPasswordResetRepository(database.db),
    sessions: sessionStore,
    outbox: mail.outbox,
    bus,
  });
  const geo = createGeoService({ geo: createGeoRepository(database.db) });
  const communitiesRepo = createCommunitiesRepository(database.db);
  const threadsRepo = createThreadsRepository(database.db);
  const postsRepo = createPostsRepository(database.db);
  const linksRepo = createLinksRepository(database.db);
  const vocabulary = createVocabulary(database.db);
  const threadPages = new ThreadPageCache();
  subscribeThreadPageCache(bus, threadPages);
  const audit = createAuditTrail(database.db, bus);
  const users = createUsersService({ users: usersRepo, bus, audit });
  const moderationRepo = createModerationRepository(database.db);
  const moderationSettings = createModerationSettings(moderationRepo);
  const postRules = createPostRules({ repo: moderationRepo, threads: threadsRepo, posts: postsRepo, users: usersRepo, settings: moderationSettings });
  const communities = createCommunitiesService({ communities: communitiesRepo, users: usersRepo, bus, audit });
  const discussions = createDiscussions({
    communities: communitiesRepo,
    threads: threadsRepo,
    posts: postsRepo,
    users: usersRepo,
    links: linksRepo,
    bus,
    pageCache: threadPages,
    expertiseExists: (code) => vocabulary.has('expertise', code),
    audit,
    postRules,
    movedTo: moderationRepo.movedTo,
  });
  const moderation = createModeration({
    bus,
    audit,
    repo: moderationRepo,
    settings: moderationSettings,
    rules: postRules,
    communities: communitiesRepo,
    communitiesService: communities,
    threads: threadsRepo,
    posts: postsRepo,
    users: usersRepo,
  });
  const linksService = createLinksService({ links: linksRepo, gate: createCommunityGate(communitiesRepo) });
  const facetIndexes = createFacetIndexes(database.db);
  subscribeFacetIndexes(bus, facetIndexes);
  const knowledge = createKnowledgeService({
    browse: createBrowseRepository(database.db),
    items: createItemsRepository(database.db),
    links: linksService,
    fileRef: (fileId) => fileRefFor(database.db, fileId),
    indexes: facetIndexes,
  });
  const files = createFilesService({ db: database.db, filesDir: filesDirFor(database.sqlite.name) });
  const exporter = createExportService({ browse: createBrowseRepository(database.db), items: createItemsRepository(database.db) });
  const knowledgeEditing = createKnowledgeEditing({
    editing: createEditingRepository(database.db),
    vocabulary,
    bus,
    titles: linksService.titles,
  });
  const notifications = createNotificationsService({
    notifications: createNotificationsRepository(database.db),
    users: usersRepo,
    communities: communitiesRepo,
    threads: threadsRepo,
    posts: postsRepo,
    bus,
  });
  subscribeNotifications(bus, notifications);
  const workshops = createWorkshops({
    workshops: createWorkshopsRepository(database.db),
    communities: communitiesRepo,
    users: usersRepo,
    links: linksRepo,
    gate: createCommunityGate(communitiesRepo),
    bus,
    discussions: discussions.service,
    linksService,
  });
  const health = createHealthService({ sqlite: database.sqlite, startedAt: Date.now() });

  // Cross-cutting plugins, in the order requests meet them.
  await app.register(errorsPlugin);
  await app.register(closingPlugin);
  await app.register(metricsPlugin, { config: config.metrics ?? { enabled: true, token: undefined }, sqlite: database.sqlite });
  await app.register(cookie);
  await app.register(i18nPlugin);
  await app.register(securityPlugin);
  await app.register(textHygienePlugin);
  await app.register(authPlugin, { auth });
  await app.register(writeGuardPlugin, { repo: moderationRepo });

  // The domain, one area per line.
  await app.register(healthRoutes, { health });
  await app.register(authRoutes, { auth, users, rateLimits: config.rateLimits });
  await app.register(usersRoutes, { users });
  await app.register(geoRoutes, { geo });
  await app.register(communitiesRoutes, { communities });
  await app.register(discussionsRoutes, { discussions: discussions.service });
  await app.register(notificationsRoutes, { notifications });
  await app.register(knowledgeRoutes, { knowledge, vocabulary, searchLimit: config.rateLimits.search });
  await app.register(filesRoutes, { files });
  await app.register(transferRoutes, { exporter });
  await app.register(knowledgeEditingRoutes, { editing: knowledgeEditing, knowledge });
  await app.register(askSpecialistRoutes, { knowledge, discussions: discussions.service });
  await app.register(searchRoutes, { search: createSearch(database, bus), limit: config.rateLimits.search });
  await app.register(workshopsRoutes, { workshops });
  await app.register(moderationRoutes, { moderation });
  await app.register(sanctionRoutes, { moderation, discussions: discussions.service });
  await app.register(passwordResetRoutes, { reset: passwordReset, limits: deps.passwordResetLimits });
  await app.register(outboxRoutes, { outbox: mail.admin });

  // Realtime last: it subscribes to the events the areas above publish.
  await app.register(ioPlugin, { auth, bus, live: discussions.live, notifications, workshops: workshops.room });

  await app.register(clientPlugin, { clientDir: config.clientDir });

  // The mail sender runs while the app does (only with SMTP configured) and stops before the
  // database closes: one hook, so the order cannot change.
  if (mail.sender) app.addHook('onReady', async () => mail.sender?.start());
  app.addHook('onClose', async () => {
    await mail.sender?.stop();
    if (deps.closeDatabase) database.close();
  });
  app.decorate('bus', bus);
  app.decorate('mail', mail);
  return app;
}

export type App = Awaited<ReturnType<typeof buildApp>>;

declare module 'fastify' {
  interface FastifyInstance {
    bus: EventBus;
    mail: import('./modules/mail/index.ts').Mail;
  }
}
