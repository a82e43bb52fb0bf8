import type { FastifyReply } from 'fastify';

const serialized = new WeakMap<object, string>();

/**
 * Serializes a response body with the route's own response schema, once per object: a
 * service that hands the same object to many readers (a cached page) then costs one
 * serialization, not one per request. The JSON goes when the object does.
 */
export function sendSerializedOnce(reply: FastifyReply, body: object) {
  let json = serialized.get(body);
  if (json === undefined) {
    json = reply.serialize(body) as string;
    serialized.set(body, json);
  }
  return reply.type('application/json; charset=utf-8').send(json);
}
