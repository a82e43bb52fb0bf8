import type { Presence } from '../../../../shared/events.ts';
import type { Workshop, WorkshopJoined, WorkshopMessage, WorkshopQuestion, WorkshopRoom } from '../../../../shared/schemas/workshops.ts';
import { api } from '../../lib/api.ts';
import { realtime } from '../../lib/realtime/socket.svelte.ts';

/**
 * A workshop's live room as the page shows it: messages in order without gaps or duplicates
 * (every rejoin asks for what came after the newest one held), the ranked questions, the
 * room's state, who is present, and whether this person is muted.
 */
export class LiveRoom {
  messages = $state<WorkshopMessage[]>([]);
  questions = $state<WorkshopQuestion[]>([]);
  room = $state<WorkshopRoom | null>(null);
  voted = $state<number[]>([]);
  muted = $state(false);
  presence = $state<Presence | null>(null);
  joined = $state(false);
  refused = $state(false);

  readonly #id: number;
  readonly #onWorkshop: (workshop: Workshop) => void;

  constructor(workshopId: number, onWorkshop: (workshop: Workshop) => void) {
    this.#id = workshopId;
    this.#onWorkshop = onWorkshop;
  }

  get newestId(): number | undefined {
    return this.messages.at(-1)?.id;
  }

  /** Follows the room (the chat log, a live region, announces new messages by itself). */
  start(): () => void {
    const id = this.#id;
    const stops = [
      realtime.follow('workshop', id, {
        since: () => (this.joined ? this.newestId ?? 0 : undefined),
        onJoined: (joined) => void this.#caughtUp(joined),
        onRefused: () => {
          this.refused = true;
        },
      }),
      realtime.on('workshop:message', ({ workshopId, message }) => {
        if (workshopId !== id) return;
        this.#add([message]);
      }),
      realtime.on('workshop:message:deleted', ({ workshopId, messageId }) => {
        if (workshopId === id) this.messages = this.messages.filter((m) => m.id !== messageId);
      }),
      realtime.on('workshop:questions', ({ workshopId, questions }) => {
        if (workshopId === id) this.questions = questions;
      }),
      realtime.on('workshop:room', ({ workshopId, room }) => {
        if (workshopId === id) this.room = room;
      }),
      realtime.on('workshop:muted', ({ workshopId, muted }) => {
        if (workshopId === id) this.muted = muted;
      }),
      realtime.on('presence', (presence) => {
        if (presence.room === `workshop:${id}`) this.presence = presence;
      }),
    ];
    return () => stops.forEach((stop) => stop());
  }

  async #caughtUp(joined: WorkshopJoined): Promise<void> {
    this.refused = false;
    this.#onWorkshop(joined.workshop);
    this.room = joined.workshop.room;
    this.questions = joined.questions;
    this.voted = joined.votedQuestionIds;
    this.muted = joined.muted;
    const gone = new Set(joined.deletedMessageIds);
    if (gone.size) this.messages = this.messages.filter((m) => !gone.has(m.id));
    if (joined.truncated) {
      // Too much was missed for one answer: the transcript has all of it.
      const transcript = await api.get<{ messages: WorkshopMessage[] }>(`/api/workshops/${this.#id}/transcript`);
      this.messages = transcript.messages;
    } else {
      this.#add(joined.messages);
    }
    this.joined = true;
  }

  #add(incoming: WorkshopMessage[]): void {
    const known = new Set(this.messages.map((m) => m.id));
    const fresh = incoming.filter((m) => !known.has(m.id));
    if (fresh.length === 0) return;
    this.messages = [...this.messages, ...fresh].sort((a, b) => a.id - b.id);
  }

  async send(body: string) {
    const reply = await realtime.send('workshop:message', { workshopId: this.#id, body });
    if (reply.ok) this.#add([reply.data.message]);
    return reply;
  }

  async ask(body: string) {
    return realtime.send('workshop:question', { workshopId: this.#id, body });
  }

  async vote(questionId: number) {
    const reply = await realtime.send('workshop:vote', { workshopId: this.#id, questionId });
    if (reply.ok || reply.error.code === 'WORKSHOP_ALREADY_VOTED') this.voted = [...new Set([...this.voted, questionId])];
    return reply;
  }
}
