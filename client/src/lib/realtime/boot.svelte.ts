import { notifications } from '../state/notifications.svelte.ts';
import { session } from '../state/session.svelte.ts';
import { realtime } from './socket.svelte.ts';

/**
 * Connects the socket at boot and keeps the app-wide live state on it: the connection follows
 * the signed-in person, and the notification count follows the server.
 */
export function startRealtime(): void {
  realtime.start();

  realtime.on('notification', ({ notification, unread }) => notifications.received(notification, unread));
  realtime.on('notifications:unread', ({ unread }) => notifications.setUnread(unread));
  // After a reconnection some notifications may have come and gone unseen: ask again.
  realtime.on('session:ready', ({ userId }) => {
    if (userId !== null && userId === session.user?.id) void notifications.refresh();
  });

  let known: number | null | undefined;
  $effect.root(() => {
    $effect(() => {
      if (!session.ready) return;
      const userId = session.user?.id ?? null;
      // A profile edit replaces the user object: only another person counts.
      if (userId === known) return;
      known = userId;
      realtime.useIdentity(userId);
      if (userId === null) notifications.clear();
      else void notifications.refresh();
    });
  });
}
