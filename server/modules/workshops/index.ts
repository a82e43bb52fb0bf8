import type { Backlink } from '../../../shared/schemas/knowledge.ts';
import type { Actor } from '../auth/actor.ts';
import type { DiscussionsService } from '../discussions/service.ts';
import type { LinksService } from '../links/service.ts';
import { createWorkshopContext, type WorkshopDeps } from './context.ts';
import { createWorkshopRoom } from './room.ts';
import { createWorkshopsService } from './service.ts';
import { createTranscripts } from './transcript.ts';

/** The workshops area: scheduling and registration, the live room, transcripts. */
export function createWorkshops(deps: WorkshopDeps & { discussions: Pick<DiscussionsService, 'publishTranscript'>; linksService: LinksService }) {
  const ctx = createWorkshopContext(deps);
  return {
    service: createWorkshopsService(ctx, deps.gate),
    room: createWorkshopRoom(ctx),
    transcripts: createTranscripts(ctx, { communities: deps.communities, discussions: deps.discussions }),
    /** Discussions citing the workshop with `[[workshop:ID]]`, those the reader may see. */
    backlinks(actor: Actor | null, workshopId: number): Backlink[] {
      const { workshop } = ctx.access(actor, workshopId);
      return deps.linksService.backlinks(actor, 'workshop', workshop.id);
    },
  };
}

export type Workshops = ReturnType<typeof createWorkshops>;
