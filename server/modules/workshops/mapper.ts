import type { CommunityRow, WorkshopRow } from '../../../db/schema/index.ts';
import type {
  Workshop,
  WorkshopMessage,
  WorkshopPerson,
  WorkshopQuestion,
  WorkshopRoom,
} from '../../../shared/schemas/workshops.ts';
import { roomStateOf, statusOf } from './policy.ts';
import type { MessageWithAuthor, QuestionWithPeople } from './repository.ts';

export const toMessage = (row: MessageWithAuthor): WorkshopMessage => ({
  id: row.id,
  workshopId: row.workshopId,
  author: row.author,
  bodyHtml: row.bodyHtml,
  createdAt: row.createdAt.toISOString(),
});

export const toQuestion = (row: QuestionWithPeople): WorkshopQuestion => ({
  id: row.id,
  workshopId: row.workshopId,
  author: row.author,
  bodyHtml: row.bodyHtml,
  votes: row.voteCount,
  answered: row.answeredAt !== null,
  answerHtml: row.answerHtml,
  answeredBy: row.answeredBy,
  createdAt: row.createdAt.toISOString(),
});

export function toRoom(row: WorkshopRow, pinned: MessageWithAuthor | undefined, now: Date): WorkshopRoom {
  return {
    state: roomStateOf(row, now),
    openedAt: row.openedAt?.toISOString() ?? null,
    closedAt: row.closedAt?.toISOString() ?? null,
    slowModeSeconds: row.slowModeSeconds,
    pinned: pinned && pinned.deletedAt === null ? toMessage(pinned) : null,
  };
}

export function toWorkshop(
  row: WorkshopRow,
  parts: {
    community: Pick<CommunityRow, 'id' | 'slug' | 'name' | 'visibility'>;
    hosts: WorkshopPerson[];
    room: WorkshopRoom;
    viewer: Workshop['viewer'];
    now: Date;
  },
): Workshop {
  const { community } = parts;
  return {
    id: row.id,
    community: { id: community.id, slug: community.slug, name: community.name, visibility: community.visibility },
    title: row.title,
    description: row.description,
    descriptionHtml: row.descriptionHtml,
    kind: row.kind,
    startsAt: row.startsAt.toISOString(),
    endsAt: row.endsAt.toISOString(),
    language: row.language,
    capacity: row.capacity,
    videoUrl: row.videoUrl,
    status: statusOf(row, parts.now),
    room: parts.room,
    hosts: parts.hosts,
    registrationCount: row.registrationCount,
    publishedThreadId: row.publishedThreadId,
    createdAt: row.createdAt.toISOString(),
    viewer: parts.viewer,
  };
}
