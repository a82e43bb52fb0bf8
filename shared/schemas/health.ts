import { Type, type Static } from 'typebox';

export const Health = Type.Object({
  status: Type.Union([Type.Literal('ok'), Type.Literal('unhealthy')]),
  db: Type.Union([Type.Literal('ok'), Type.Literal('error')]),
  /** `current` when every migration the code ships is applied to the database. */
  migrations: Type.Union([Type.Literal('current'), Type.Literal('pending'), Type.Literal('unknown')]),
  uptimeS: Type.Number(),
});
export type Health = Static<typeof Health>;
