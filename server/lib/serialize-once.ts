import type { FastifyReply } from 'fastify';
import { sendEncodedOnce } from './encode.ts';

/**
 * Serializes a response body with the route's own response schema, once per object, and
 * compresses it once per encoding: a service that hands the same object to many readers (a
 * cached page) then costs one serialization and one compression, not one per request. The
 * bytes go when the object does.
 */
export function sendSerializedOnce(reply: FastifyReply, body: object) {
  return sendEncodedOnce(reply, body, 'application/json; charset=utf-8', () => reply.serialize(body) as string);
}

/**
 * Sends JSON already written for this one request (a reader's page spliced into a cached
 * page's JSON): not serialized again; compressed like any other answer.
 */
export function sendPrebuiltJson(reply: FastifyReply, json: string | Buffer) {
  return reply.type('application/json; charset=utf-8').send(json);
}
