import { SOCKET_LIMITS } from '../../shared/events.ts';
import { AppError } from '../lib/errors.ts';
import type { Actor } from '../modules/auth/actor.ts';
import type { PresenceTracker } from './presence.ts';
import { rooms } from './rooms.ts';
import type { FollowedRoom, MingaIo, MingaSocket, RoomKind } from './types.ts';

/** A reader's standing in a room: the community it belongs to, and whether they moderate there. */
export interface RoomStanding {
  communityId: number;
  canModerate: boolean;
  /** A thread's forum. */
  forumId?: number;
}

/**
 * The read check of each kind of room: the very function the REST page asks (the thread,
 * forum, community or workshop page's 404), throwing its AppError when the reader may not
 * read. Joining and every later re-check ask it, so they cannot disagree.
 */
export type RoomReaders = Record<RoomKind, (actor: Actor | null, id: number) => RoomStanding | Promise<RoomStanding>>;

const roomName = (kind: RoomKind, id: number) => rooms[kind](id);
const modRoomName = (kind: RoomKind, id: number): string | null =>
  kind === 'thread' ? rooms.threadMods(id) : kind === 'forum' ? rooms.forumMods(id) : kind === 'community' ? rooms.communityMods(id) : null;
/** The refusal a room's join answers, as its page's 404. */
const NOT_FOUND = { thread: 'THREAD_NOT_FOUND', forum: 'FORUM_NOT_FOUND', community: 'COMMUNITY_NOT_FOUND', workshop: 'WORKSHOP_NOT_FOUND' } as const;
/** Pages that show who is reading them. */
const WITH_PRESENCE: ReadonlySet<RoomKind> = new Set(['thread', 'workshop']);

/**
 * Who follows which room, kept true to who may read it. `follow` lets a socket in after the
 * read check; `recheck` runs the same check again for every socket in the rooms a change of
 * access touches (a community, one member of it, or one thread), and takes out — telling them
 * — those who may no longer read: `thread:removed` for a thread, `room:lost` for the others.
 * Those still in move to the moderators' room beside it, or out of it, as their role now says.
 *
 * The read checks are asynchronous now: `settled()` resolves once every re-check under way has
 * taken out whom it must, and the fan-out waits for it before emitting about a change
 * (fanout.ts), so nothing sent about the change reaches a socket it takes out. A join whose
 * check overlapped a re-check is checked once more after it joined (`follow`). With several
 * processes, telling the others of a change is waited for the same way, and broadcasts from
 * the others wait for this process's re-checks before reaching its sockets
 * (server/cluster/access-order.ts).
 */
export function createRoomAccess(
  io: MingaIo,
  deps: {
    readers: RoomReaders;
    presence: PresenceTracker;
    onUnexpected: (error: unknown) => void;
    /** Tests only: a wait before each re-check's read (server/plugins/io.ts RealtimeTiming). */
    recheckDelayMs?: number;
  },
) {
  const { readers, presence } = deps;

  function setModerator(socket: MingaSocket, followed: FollowedRoom, canModerate: boolean): void {
    if (!followed.modRoom) return;
    if (canModerate) void socket.join(followed.modRoom);
    else void socket.leave(followed.modRoom);
  }

  function drop(socket: MingaSocket, room: string, followed: FollowedRoom): void {
    socket.data.followed.delete(room);
    void socket.leave(room);
    if (followed.modRoom) void socket.leave(followed.modRoom);
    presence.leave(room, socket.id);
  }

  function evict(socket: MingaSocket, room: string, followed: FollowedRoom): void {
    drop(socket, room, followed);
    // A thread's readers learn it is gone from the forum they knew it in (not where it went).
    if (followed.kind === 'thread') socket.emit('thread:removed', { threadId: followed.id, forumId: followed.forumId ?? 0 });
    else socket.emit('room:lost', { kind: followed.kind, id: followed.id });
  }

  /** This process's sockets in a room, now. */
  function socketsIn(room: string): MingaSocket[] {
    const ids = io.sockets.adapter.rooms.get(room);
    if (!ids) return [];
    const found: MingaSocket[] = [];
    for (const id of ids) {
      const socket = io.sockets.sockets.get(id);
      if (socket) found.push(socket);
    }
    return found;
  }

  /**
   * Checks the followed rooms of these sockets that `touched` selects; one read check per
   * room and reader (anonymous readers share one).
   */
  async function recheck(sockets: Iterable<MingaSocket>, touched: (followed: FollowedRoom) => boolean): Promise<void> {
    const answers = new Map<string, Promise<RoomStanding | null>>();
    const ask = async (actor: Actor | null, followed: FollowedRoom): Promise<RoomStanding | null> => {
      try {
        if (deps.recheckDelayMs) await new Promise((resolve) => setTimeout(resolve, deps.recheckDelayMs));
        return await readers[followed.kind](actor, followed.id);
      } catch (error) {
        // Refused, as the page would be; anything unexpected refuses too (fail closed).
        if (!(error instanceof AppError)) deps.onUnexpected(error);
        return null;
      }
    };
    for (const socket of [...sockets]) {
      const actor = socket.data.actor;
      for (const [room, followed] of [...socket.data.followed]) {
        if (!touched(followed)) continue;
        const key = `${room}|${actor?.id ?? 0}`;
        let answer = answers.get(key);
        if (answer === undefined) answers.set(key, (answer = ask(actor, followed)));
        const standing = await answer;
        // Left (or followed again) while its check ran: that one is not this one's to judge.
        if (socket.data.followed.get(room) !== followed) continue;
        if (!standing) {
          evict(socket, room, followed);
          continue;
        }
        followed.communityId = standing.communityId;
        followed.forumId = standing.forumId;
        setModerator(socket, followed, standing.canModerate);
      }
    }
  }

  /**
   * Re-checks under way, and how many have started (a join compares it before and after its
   * check). Each ends false when it failed: most often, the other processes could not be told
   * of its change. Apart, the second checks of joins that overlapped one (`follow`).
   */
  const pending = new Set<Promise<boolean>>();
  const joinChecks = new Set<Promise<void>>();
  let started = 0;
  function track(work: Promise<unknown>, onFailure: (error: unknown) => void = deps.onUnexpected): Promise<void> {
    started += 1;
    const done: Promise<boolean> = work
      .then(
        () => true,
        (error: unknown) => {
          onFailure(error);
          return false;
        },
      )
      .finally(() => pending.delete(done));
    pending.add(done);
    return done.then(() => {});
  }

  async function joinsChecked(): Promise<void> {
    while (joinChecks.size > 0) await Promise.all([...joinChecks]);
  }

  return {
    /**
     * Resolves when every re-check under way (and any started meanwhile) has finished: true, or
     * false when one failed, such as a change the other processes could not be told of (what is
     * sent about it must then stay on this process).
     */
    async settled(): Promise<boolean> {
      let told = true;
      while (pending.size > 0 || joinChecks.size > 0) {
        if ((await Promise.all([...pending])).includes(false)) told = false;
        await joinsChecked();
      }
      return told;
    },

    /**
     * Where a fan-out sends once the re-checks under way are done (fanout.ts, workshops): every
     * process, whose own re-checks hold what reaches them (server/cluster/access-order.ts), or
     * only this process's sockets when the others could not be told of a change among them.
     */
    async reach(): Promise<MingaIo | MingaIo['local']> {
      return (await this.settled()) ? io : io.local;
    },

    /**
     * Resolves when the re-checks under way now have finished, and the joins they sent back to
     * their check: what another process broadcast after a change waits for no later change (a
     * steady run of them would otherwise hold it for ever).
     */
    async caughtUp(): Promise<void> {
      await Promise.all([...pending]);
      await joinsChecked();
    },

    /** Whether a re-check is under way now. */
    busy: (): boolean => pending.size > 0 || joinChecks.size > 0,

    /** Whether a join is being checked again now, and when none is. */
    joinsRechecking: (): boolean => joinChecks.size > 0,
    joinsChecked,

    /** Work that re-checks (or decides who a socket now is before re-checking): waited for as a re-check. */
    rechecking(work: Promise<void>): Promise<void> {
      return track(work);
    },

    /** Telling the other processes of a change: waited for like a re-check; failing, it makes `settled()` say false. */
    telling(notice: Promise<unknown>, onFailure: (error: unknown) => void): void {
      void track(notice, onFailure);
    },

    /** Lets the socket into the room once the read check says yes; the standing it was let in with. */
    async follow(socket: MingaSocket, kind: RoomKind, id: number): Promise<RoomStanding> {
      const before = started;
      const standing = await readers[kind](socket.data.actor, id);
      // Gone while its check ran: nothing to join (its disconnect already cleaned up after it).
      if (socket.disconnected) return standing;
      const room = roomName(kind, id);
      if (!socket.data.followed.has(room) && socket.data.followed.size >= SOCKET_LIMITS.maxRooms) throw new AppError('TOO_MANY_ROOMS');
      const followed: FollowedRoom = { kind, id, communityId: standing.communityId, forumId: standing.forumId, modRoom: modRoomName(kind, id) };
      socket.data.followed.set(room, followed);
      void socket.join(room);
      setModerator(socket, followed, standing.canModerate);
      if (WITH_PRESENCE.has(kind)) {
        const actor = socket.data.actor;
        presence.enter(room, socket.id, actor ? { id: actor.id, displayName: actor.displayName } : null);
      }
      // A change of access landed while the check ran: its re-check may not have seen this
      // socket in the room yet, so the room is checked again now that it is in, waited for like
      // a re-check from the moment it joined (nothing sent meanwhile reaches it).
      if (started !== before) {
        const checked = recheck([socket], (f) => f === followed).finally(() => joinChecks.delete(checked));
        joinChecks.add(checked);
        await checked;
        if (socket.data.followed.get(room) !== followed) throw new AppError(NOT_FOUND[kind]);
      }
      return standing;
    },

    /**
     * Whether this reader may be in the room of that name now (a moderators' room: may
     * moderate it); unknown names never. A connection recovered from Redis brings its rooms back
     * with what was sent to them meanwhile: it is let back only when every one still passes.
     */
    async mayBeIn(actor: Actor | null, room: string): Promise<boolean> {
      const match = /^(user|thread|forum|community|workshop):(\d+)(:mod)?$/.exec(room);
      if (!match) return false;
      const [, kind, rawId, mod] = match;
      const id = Number(rawId);
      if (kind === 'user') return !mod && actor?.id === id;
      if (mod && kind === 'workshop') return false;
      try {
        const standing = await readers[kind as RoomKind](actor, id);
        return !mod || standing.canModerate;
      } catch (error) {
        if (!(error instanceof AppError)) deps.onUnexpected(error);
        return false;
      }
    },

    /** This process's sockets in a room (never another process's: only the holder can re-check one). */
    localSocketsIn: socketsIn,

    unfollow(socket: MingaSocket, kind: RoomKind, id: number): void {
      const room = roomName(kind, id);
      const followed = socket.data.followed.get(room);
      if (followed) drop(socket, room, followed);
    },

    /** Who may read a community changed (its visibility): every room of it, on every socket. */
    recheckCommunity(communityId: number): Promise<void> {
      return track(recheck(io.sockets.sockets.values(), (followed) => followed.communityId === communityId));
    },

    /** One person's standing in a community changed (joined, left, banned, role): their sockets. */
    recheckMember(userId: number, communityId: number): Promise<void> {
      return track(recheck(socketsIn(rooms.user(userId)), (followed) => followed.communityId === communityId));
    },

    /** Who these sockets are changed (a site role): every room they follow. */
    recheckSockets(sockets: Iterable<MingaSocket>): Promise<void> {
      return track(recheck(sockets, () => true));
    },

    /** A thread changed (moved, hidden, restored): the sockets in its room. */
    recheckThread(threadId: number): Promise<void> {
      const room = rooms.thread(threadId);
      return track(recheck(socketsIn(room), (followed) => followed.kind === 'thread' && followed.id === threadId));
    },
  };
}

export type RoomAccess = ReturnType<typeof createRoomAccess>;
