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
    nextCursor: Nullable(Type.String()),
  });
}

/**
 * A value or null, written as a JSON Schema type list (`type: ['object', 'null']`) instead of
 * an anyOf. fast-json-stringify serializes a type list with a typeof check, while an anyOf
 * makes it validate every value against each branch: on a page of 50 posts that is most of
 * the cost. Use it in response schemas.
 */
export function Nullable<T extends TSchema>(schema: T) {
  const raw = schema as unknown as { type?: string | string[]; enum?: unknown[] };
  const nullable = raw.enum
    ? { ...schema, enum: [...raw.enum, null], ...(raw.type ? { type: [raw.type, 'null'].flat() } : {}) }
    : { ...schema, type: [raw.type, 'null'].flat() };
  return Type.Unsafe<Static<T> | null>(nullable as unknown as TSchema);
}

export const Timestamp = Type.String({ format: 'date-time' });
