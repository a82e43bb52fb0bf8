import { Type, type Static, type TSchema } from 'typebox';
import { ERROR_CODES } from '../errors.ts';

export const ErrorResponse = Type.Object({
  error: Type.Object({
    code: Type.Enum(ERROR_CODES),
    message: Type.String(),
    field: Type.Optional(Type.String()),
    /** Values filled into the message, so a client can re-render it in another language. */
    params: Type.Optional(Type.Record(Type.String(), Type.Union([Type.String(), Type.Number()]))),
  }),
});
export type ErrorResponse = Static<typeof ErrorResponse>;

/** Every failure a route can give shares one shape. */
export const errorResponses = {
  '4xx': ErrorResponse,
  '5xx': ErrorResponse,
} as const;

export const IdParams = Type.Object({ id: Type.Integer({ minimum: 1 }) }, { additionalProperties: false });

export const PageQuery = {
  cursor: Type.Optional(Type.String({ maxLength: 200 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
};

/** `{ items, nextCursor }`: every list answer has this shape (keyset pagination). */
export function Page<T extends TSchema>(item: T) {
  return Type.Object({
    items: Type.Array(item),
    nextCursor: Type.Union([Type.String(), Type.Null()]),
  });
}

export const Timestamp = Type.String({ format: 'date-time' });
