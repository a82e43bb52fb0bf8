import { join } from 'node:path';
import { perDatabase, type Area, type Core } from '../area.ts';
import { authRepositories } from '../auth/index.ts';
import { bookmarksRepositories } from '../bookmarks/index.ts';
import { communitiesRepositories } from '../communities/index.ts';
import { digestsRepositories } from '../digests/index.ts';
import { discussionsRepositories } from '../discussions/index.ts';
import { draftsRepositories } from '../drafts/index.ts';
import { filesDirOf } from '../knowledge/files.ts';
import { knowledgeRepositories } from '../knowledge/index.ts';
import type { Outbox } from '../mail/outbox.ts';
import { mailingListRepositories } from '../mailing-list/index.ts';
import { notificationMailRepositories } from '../notification-mail/index.ts';
import { notificationsRepositories } from '../notifications/index.ts';
import { usersRepositories } from '../users/index.ts';
import { workshopsRepositories } from '../workshops/index.ts';
import type { ExportSources } from './contents.ts';
import { createDataExportsRepository } from './repository.ts';
import { myDataRoutes } from './routes.ts';
import { createExportRunner } from './runner.ts';
import { createMyDataService, downloadPath } from './service.ts';

export const myDataRepositories = perDatabase((database) => ({ exports: createDataExportsRepository(database.db) }));

/** What the export reads, each area through its own repositories. */
function exportSources(core: Core, avatar: (userId: number) => Promise<Buffer | null>): ExportSources {
  const db = core.database;
  const { threads, posts } = discussionsRepositories(db);
  const { tokens, sessions } = authRepositories(db);
  return {
    users: usersRepositories(db).users,
    avatar,
    posts,
    threads,
    bookmarks: bookmarksRepositories(db).bookmarks,
    drafts: draftsRepositories(db).drafts,
    notifications: notificationsRepositories(db).notifications,
    sessions,
    tokens,
    mailPreferences: notificationMailRepositories(db).notificationMail,
    digests: digestsRepositories(db).digests,
    mailingList: mailingListRepositories(db).mailingList,
    communities: communitiesRepositories(db).communities,
    workshops: workshopsRepositories(db).workshops,
    knowledge: knowledgeRepositories(db).items,
  };
}

/**
 * "My data" (issue 19, part 5a): a member's export of everything they wrote and the data about
 * them, prepared in the background into a ZIP under the data folder (`files/exports/`), kept 24
 * hours, deleted with the account.
 */
export function myDataArea(core: Core, deps: { outbox: Pick<Outbox, 'enqueue'>; avatar: (userId: number) => Promise<Buffer | null>; dir?: string }) {
  const repo = myDataRepositories(core.database).exports;
  const publicUrl = core.config.mail?.publicUrl ?? 'http://localhost:3000';
  const runner = createExportRunner({
    repo,
    sources: exportSources(core, deps.avatar),
    bus: core.bus,
    outbox: deps.outbox,
    dir: deps.dir ?? join(filesDirOf(core.database), 'exports'),
    downloadUrl: (row) => `${publicUrl}${downloadPath(row)}`,
    publicUrl,
    onError: (error, exportId) => core.log.error({ err: error, exportId }, 'data export failed'),
  });
  const service = createMyDataService({ repo, runner, bus: core.bus });
  core.bus.subscribe('user.erased', ({ userId }) => runner.eraseFor(userId));
  // Asked through another process: the one running the scheduled work starts on it at once
  // (its queue poll is the fallback while Redis is away). Only kicks this process's own queue.
  core.bus.subscribe('data.export.changed', ({ status }) => void (status === 'queued' && setImmediate(() => void runner.kick())), { everywhere: true });
  core.scheduler.add('data-exports', runner);
  const area: Area = {
    routes: async (app) => {
      await app.register(myDataRoutes, { myData: service });
    },
  };
  return { service, runner, ...area };
}
