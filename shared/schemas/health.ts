import { Type, type Static } from 'typebox';

export const Health = Type.Object({
  status: Type.Union([Type.Literal('ok'), Type.Literal('unhealthy')]),
  db: Type.Union([Type.Literal('ok'), Type.Literal('error')]),
  /** `current` when every migration the code ships is applied to the database. */
  migrations: Type.Union([Type.Literal('current'), Type.Literal('pending'), Type.Literal('unknown')]),
  uptimeS: Type.Number(),
  /**
   * The Redis the processes share (issue 20), when one is configured: `down` is degraded, not
   * unhealthy (each process keeps serving alone until it returns).
   */
  redis: Type.Optional(Type.Union([Type.Literal('ok'), Type.Literal('down')])),
  /** Which process answered (the cluster worker's number, or `main`). */
  worker: Type.Optional(Type.String()),
  /** Whether this process runs the scheduled work (holds the scheduler lease) or stands by. */
  scheduler: Type.Optional(Type.Union([Type.Literal('runs'), Type.Literal('standby')])),
});
export type Health = Static<typeof Health>;
