import { SerializerSelector } from '@fastify/fast-json-stringify-compiler';
import { TypeBoxValidatorCompiler } from '@fastify/type-provider-typebox';

/**
 * Route schemas compiled once per process, not once per app: the validators (TypeBox) and the
 * response serializers (fast-json-stringify, which also builds an Ajv for each) are pure
 * functions of a schema, and the route modules hand every app the same schema objects. A
 * server builds one app; the tests build hundreds, and compiling every route's schemas again
 * for each was most of what setting one up cost.
 */
type RouteSchema = { schema: object; httpPart?: string; httpStatus?: string; contentType?: string };
type Compiled = (...args: never[]) => unknown;

function memoized<D extends RouteSchema, F extends Compiled>(compile: (def: D) => F, keyOf: (def: D) => string) {
  const bySchema = new WeakMap<object, Map<string, F>>();
  return (def: D): F => {
    let forSchema = bySchema.get(def.schema);
    if (!forSchema) bySchema.set(def.schema, (forSchema = new Map()));
    const key = keyOf(def);
    let fn = forSchema.get(key);
    if (!fn) forSchema.set(key, (fn = compile(def)));
    return fn;
  };
}

export const cachedValidatorCompiler = memoized(
  TypeBoxValidatorCompiler as unknown as (def: RouteSchema) => Compiled,
  (def) => def.httpPart ?? '',
) as unknown as typeof TypeBoxValidatorCompiler;

// One serializer builder per set of shared schemas and options (an app adds none: the key is
// constant in practice, and kept exact all the same).
const serializerPools = new Map<string, (def: RouteSchema) => Compiled>();
const selector = SerializerSelector();

export function cachedSerializerFactory(externalSchemas: unknown, options: unknown): (def: RouteSchema) => Compiled {
  const key = JSON.stringify([externalSchemas ?? null, options ?? null]);
  let build = serializerPools.get(key);
  if (!build) {
    const inner = selector(externalSchemas as never, options as never) as unknown as (def: RouteSchema) => Compiled;
    build = memoized(inner, (def) => `${def.httpStatus ?? ''}|${def.contentType ?? ''}`);
    serializerPools.set(key, build);
  }
  return build;
}
