import type { Notification, UnreadCount } from '../../../../shared/schemas/notifications.ts';
import { api } from '../api.ts';

/**
 * The signed-in person's notifications as the header and the toast show them: the unread
 * count (fetched, then kept up to date by the socket) and the newest arrival.
 */
class NotificationCenter {
  unread = $state(0);
  /** The newest notification that arrived while the page was open, for a short announcement. */
  latest = $state<Notification | null>(null);
  readonly #arrivalListeners = new Set<(notification: Notification) => void>();
  /** Bumped by every live change, so a slower fetch cannot overwrite a newer count. */
  #version = 0;

  /** Asks the server for the count (at boot, after signing in, after a reconnection). */
  async refresh(): Promise<void> {
    const version = ++this.#version;
    try {
      const { unread } = await api.get<UnreadCount>('/api/notifications/unread');
      if (version === this.#version) this.unread = unread;
    } catch {
      // The badge keeps its last value; the socket or the next page will correct it.
    }
  }

  /** Signed out: nothing to show. */
  clear(): void {
    this.#version += 1;
    this.unread = 0;
    this.latest = null;
  }

  /** A `notification` event: one more, and the server's new count. */
  received(notification: Notification, unread: number): void {
    this.#version += 1;
    this.unread = unread;
    this.latest = notification;
    for (const listener of this.#arrivalListeners) listener(notification);
  }

  /** A `notifications:unread` event or the answer to marking some read. */
  setUnread(unread: number): void {
    this.#version += 1;
    this.unread = unread;
  }

  /** Opening a notification marks it read. */
  async markRead(notification: Notification): Promise<void> {
    if (notification.read) return;
    notification.read = true;
    if (this.latest?.id === notification.id) this.latest = null;
    try {
      const { unread } = await api.post<UnreadCount>(`/api/notifications/${notification.id}/read`);
      this.setUnread(unread);
    } catch {
      notification.read = false;
    }
  }

  async markAllRead(): Promise<void> {
    const { unread } = await api.post<UnreadCount>('/api/notifications/read-all');
    this.setUnread(unread);
    this.latest = null;
  }

  /** Calls `listener` for each live arrival; returns the function that stops it. */
  onArrival(listener: (notification: Notification) => void): () => void {
    this.#arrivalListeners.add(listener);
    return () => this.#arrivalListeners.delete(listener);
  }
}

export const notifications = new NotificationCenter();
