import type { z } from 'zod';

/**
 * How a schema whose check is code (a refinement, a transform) appears in the OpenAPI document: the
 * JSON Schema of what it accepts, written beside the check so the two are read and changed together.
 */
const documentation = new WeakMap<z.ZodType, Record<string, unknown>>();

export function documented<S extends z.ZodType>(schema: S, jsonSchema: Record<string, unknown>): S {
  documentation.set(schema, jsonSchema);
  return schema;
}

export const documentationOf = (schema: z.ZodType) => documentation.get(schema);
