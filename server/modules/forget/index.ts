import { perDatabase, type Area, type Core } from '../area.ts';
import type { AuditTrail } from '../audit/index.ts';
import { eraseAgreementRows } from '../agreements/erasure-repository.ts';
import { eraseAuthRows } from '../auth/erasure-repository.ts';
import { authRepositories } from '../auth/index.ts';
import type { StepUp } from '../auth/step-up.ts';
import type { SessionCookie } from '../auth/session-store.ts';
import { eraseBookmarkRows } from '../bookmarks/erasure-repository.ts';
import { eraseCommunityRows } from '../communities/erasure-repository.ts';
import { eraseDigestRows } from '../digests/erasure-repository.ts';
import { createAuthorErasure } from '../discussions/erasure.ts';
import { createDiscussionErasure } from '../discussions/erasure-repository.ts';
import { discussionsRepositories } from '../discussions/index.ts';
import { eraseDraftRows } from '../drafts/erasure-repository.ts';
import { eraseInboundMailRows } from '../inbound-mail/erasure-repository.ts';
import { eraseKnowledgeRows } from '../knowledge/erasure-repository.ts';
import { linksRepositories } from '../links/index.ts';
import { eraseOutboxRows } from '../mail/erasure-repository.ts';
import { eraseMailingListRows } from '../mailing-list/erasure-repository.ts';
import { eraseModerationRows } from '../moderation/erasure-repository.ts';
import { eraseNotificationMailRows } from '../notification-mail/erasure-repository.ts';
import { eraseNotificationRows } from '../notifications/erasure-repository.ts';
import { eraseRepresentativeRows } from '../representatives/erasure-repository.ts';
import type { AvatarService } from '../users/avatars.ts';
import { usersRepositories } from '../users/index.ts';
import { eraseWorkshopRows } from '../workshops/erasure-repository.ts';
import { createForgetRepository } from './repository.ts';
import { forgetRoutes } from './routes.ts';
import { createForgetService, type RowEraser } from './service.ts';

export const forgetRepositories = perDatabase((database) => ({ names: createForgetRepository(database.db) }));

/**
 * Deleting one's account: the erasure itself, across every area that existed when it was built
 * (each area's rows through its own `erasure-repository.ts`); areas added later subscribe to `user.erased`.
 */
export function forgetArea(core: Core, deps: { stepUp: StepUp; audit: AuditTrail; avatars: AvatarService; blankCookie: () => SessionCookie }) {
  const { db } = core.database;
  const { users } = usersRepositories(core.database);
  const { threads } = discussionsRepositories(core.database);
  const erasers: RowEraser[] = [
    (userId) => eraseAuthRows(db, userId),
    (userId) => eraseBookmarkRows(db, userId),
    (userId) => eraseDraftRows(db, userId),
    (userId) => eraseNotificationRows(db, userId),
    (userId) => eraseNotificationMailRows(db, userId),
    (userId) => eraseDigestRows(db, userId),
    (userId) => eraseMailingListRows(db, userId),
    (userId) => eraseCommunityRows(db, userId),
    (userId) => eraseRepresentativeRows(db, userId),
    (userId, { removePosts }) => eraseWorkshopRows(db, userId, { removeMessages: removePosts }),
    (userId) => eraseInboundMailRows(db, userId),
    (userId) => eraseOutboxRows(db, userId),
    (userId) => eraseModerationRows(db, userId),
    (userId) => eraseAgreementRows(db, userId),
    (userId) => eraseKnowledgeRows(db, userId),
  ];
  const service = createForgetService({
    users,
    names: forgetRepositories(core.database).names,
    sessions: authRepositories(core.database).sessions,
    stepUp: deps.stepUp,
    discussions: createAuthorErasure({ erasure: createDiscussionErasure(db), threads, users, links: linksRepositories(core.database).links }),
    threads,
    erasers,
    audit: deps.audit,
    bus: core.bus,
    discardAvatar: deps.avatars.discard,
  });
  const area: Area = { routes: async (app) => app.register(forgetRoutes, { forget: service, blankCookie: deps.blankCookie }) };
  return { service, ...area };
}
