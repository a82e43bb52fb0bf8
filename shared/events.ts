/**
 * The Socket.IO contract: event names and payloads both sides agree on. Every client → server
 * event takes an acknowledgement. Realtime features add their areas' events here.
 */
export type Ack<T = undefined> =
  | ({ ok: true } & (T extends undefined ? { data?: undefined } : { data: T }))
  | { ok: false; error: { code: string; message: string } };

export interface ServerToClientEvents {
  /** Sent once after the handshake: who the server thinks you are. */
  'session:ready': (payload: { userId: number | null }) => void;
}

export interface ClientToServerEvents {
  /** Round trip check; answers with the server's clock. */
  'session:ping': (ack: (reply: Ack<{ serverTime: string }>) => void) => void;
}
