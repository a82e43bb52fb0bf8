import type { Backlink } from '../../../shared/schemas/knowledge.ts';
import { perDatabase, type Area, type Core } from '../area.ts';
import type { Actor } from '../auth/actor.ts';
import { createCommunityGate } from '../communities/access.ts';
import { communitiesRepositories } from '../communities/index.ts';
import { linksRepositories } from '../links/index.ts';
import { usersRepositories } from '../users/index.ts';
import type { DiscussionsService } from '../discussions/service.ts';
import type { LinksService } from '../links/service.ts';
import { createWorkshopContext, type WorkshopDeps } from './context.ts';
import { createWorkshopsRepository } from './repository.ts';
import { createWorkshopRoom } from './room.ts';
import { workshopsRoutes } from './routes.ts';
import { createWorkshopsService } from './service.ts';
import { createTranscripts } from './transcript.ts';
import type { Mail } from '../mail/index.ts';
import { createWorkshopMailRepository } from './mail-repository.ts';
import { createWorkshopMail, subscribeWorkshopMail, type WorkshopMailPreferences } from './workshop-mail.ts';

/** The workshops area: scheduling and registration, the live room, transcripts. */
export function createWorkshops(deps: WorkshopDeps & { discussions: Pick<DiscussionsService, 'publishTranscript'>; linksService: LinksService }) {
  const ctx = createWorkshopContext(deps);
  return {
    ctx,
    service: createWorkshopsService(ctx, deps.gate),
    room: createWorkshopRoom(ctx),
    transcripts: createTranscripts(ctx, { communities: deps.communities, discussions: deps.discussions }),
    /** Discussions citing the workshop with `[[workshop:ID]]`, those the reader may see. */
    async backlinks(actor: Actor | null, workshopId: number): Promise<Backlink[]> {
      const { workshop } = await ctx.access(actor, workshopId);
      return deps.linksService.backlinks(actor, 'workshop', workshop.id);
    },
  };
}

export type Workshops = ReturnType<typeof createWorkshops>;

export const workshopsRepositories = perDatabase((database) => ({
  workshops: createWorkshopsRepository(database.db),
  mail: createWorkshopMailRepository(database.db),
}));

/** The workshops area as the app registers it. */
export function workshopsArea(core: Core, deps: { discussions: Pick<DiscussionsService, 'publishTranscript'>; links: LinksService; mail: Pick<Mail, 'outbox' | 'repo'>; preferences: WorkshopMailPreferences }) {
  const { communities } = communitiesRepositories(core.database);
  const workshops = createWorkshops({
    workshops: workshopsRepositories(core.database).workshops,
    communities,
    users: usersRepositories(core.database).users,
    links: linksRepositories(core.database).links,
    gate: createCommunityGate(communities),
    bus: core.bus,
    discussions: deps.discussions,
    linksService: deps.links,
  });
  const users = usersRepositories(core.database).users;
  const mail = createWorkshopMail({
    ctx: workshops.ctx,
    repo: workshopsRepositories(core.database).mail,
    users,
    outbox: deps.mail.outbox,
    outboxRepo: deps.mail.repo,
    preferences: deps.preferences,
    onError: (error) => core.log.error({ err: error }, 'workshop reminders failed'),
  });
  subscribeWorkshopMail(core.bus, mail);
  core.scheduler.add('workshop-mail', mail.scheduler);
  const area: Area = {
    routes: async (app) => {
      await app.register(workshopsRoutes, { workshops });
    },
  };
  return { ...workshops, mail, ...area };
}
