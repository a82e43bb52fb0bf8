import { Type, type Static } from 'typebox';

export const Health = Type.Object({
  status: Type.Union([Type.Literal('ok'), Type.Literal('unhealthy')]),
  db: Type.Union([Type.Literal('ok'), Type.Literal('error')]),
  migrations: Type.Integer(),
  uptimeS: Type.Number(),
});
export type Health = Static<typeof Health>;
