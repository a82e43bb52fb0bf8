import { WorkshopJoinPayload, WorkshopMessagePayload, WorkshopQuestionPayload, WorkshopRef, WorkshopVotePayload } from '../../../shared/events.ts';
import type { EventBus } from '../../lib/event-bus.ts';
import { handle } from '../../realtime/guard.ts';
import type { RoomAccess } from '../../realtime/room-access.ts';
import { rooms } from '../../realtime/rooms.ts';
import type { MingaIo, MingaSocket } from '../../realtime/types.ts';
import type { WorkshopRoomService } from './room.ts';

/**
 * The workshop room's client events. Joining asks the same visibility check as the page;
 * every write goes through the room service, which checks visibility and the community's
 * write rules itself (a client that writes before joining gets the same answers).
 */
export function registerWorkshopHandlers(
  socket: MingaSocket,
  deps: { room: WorkshopRoomService; access: RoomAccess; onUnexpected: (error: unknown) => void },
): void {
  const { room, access, onUnexpected } = deps;
  // Who the socket is, asked at each event: a change of site role updates it (access-sync.ts).
  const actor = () => socket.data.actor;

  handle(
    socket,
    'workshop:join',
    WorkshopJoinPayload,
    async ({ workshopId, afterMessageId }) => {
      // Followed through the room's read check (room.follow); a change of access re-checks it.
      await access.follow(socket, 'workshop', workshopId);
      return room.join(actor(), workshopId, afterMessageId);
    },
    onUnexpected,
  );

  handle(socket, 'workshop:leave', WorkshopRef, async ({ workshopId }) => access.unfollow(socket, 'workshop', workshopId), onUnexpected);

  handle(
    socket,
    'workshop:message',
    WorkshopMessagePayload,
    async ({ workshopId, body }) => {
      return { message: await room.postMessage(actor(), workshopId, body) };
    },
    onUnexpected,
  );

  handle(
    socket,
    'workshop:question',
    WorkshopQuestionPayload,
    async ({ workshopId, body }) => {
      return { question: await room.askQuestion(actor(), workshopId, body) };
    },
    onUnexpected,
  );

  handle(
    socket,
    'workshop:vote',
    WorkshopVotePayload,
    async ({ workshopId, questionId }) => {
      await room.vote(actor(), workshopId, questionId);
    },
    onUnexpected,
  );
}

/**
 * Workshop events to the room: one serialization per broadcast, whatever the room's size. Like a
 * thread's (realtime/fanout.ts), each waits for the access re-checks under way, so a message
 * written just after a community turned private never reaches an outsider not yet taken out;
 * only to this process's sockets when the other processes could not be told of the change.
 */
export function subscribeWorkshopFanout(
  bus: EventBus,
  io: MingaIo,
  deps: { room: WorkshopRoomService; reach?: () => Promise<MingaIo | MingaIo['local']> },
): void {
  const { room } = deps;
  const toRoom = async (workshopId: number) => (await (deps.reach?.() ?? io)).to(rooms.workshop(workshopId));
  bus.subscribe('workshop.message.created', async ({ workshopId, messageId }) => {
    const message = await room.messageForBroadcast(messageId);
    if (message) (await toRoom(workshopId)).emit('workshop:message', { workshopId, message });
  });
  bus.subscribe('workshop.message.deleted', async ({ workshopId, messageId }) => {
    (await toRoom(workshopId)).emit('workshop:message:deleted', { workshopId, messageId });
  });
  bus.subscribe('workshop.questions.changed', async ({ workshopId }) => {
    const questions = await room.questionsForBroadcast(workshopId);
    (await toRoom(workshopId)).emit('workshop:questions', { workshopId, questions });
  });
  bus.subscribe('workshop.room.changed', async ({ workshopId }) => {
    const state = await room.roomForBroadcast(workshopId);
    if (state) (await toRoom(workshopId)).emit('workshop:room', { workshopId, room: state });
  });
  bus.subscribe('workshop.attendee.muted', ({ workshopId, userId, muted }) => {
    io.to(rooms.user(userId)).emit('workshop:muted', { workshopId, muted });
  });
}
