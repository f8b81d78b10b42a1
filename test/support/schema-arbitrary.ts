import fc from 'fast-check';

type JsonSchema = Record<string, unknown>;

/**
 * Values a JSON Schema (as the OpenAPI document writes it) describes, for property-based tests. It aims
 * at valid values; a validator decides afterwards whether each one really is (patterns, formats).
 * `uuid` formats draw from `ids` so references can resolve.
 */
export function arbitraryOf(
  schema: JsonSchema,
  ids: fc.Arbitrary<string>,
  resolve: (ref: string) => JsonSchema,
): fc.Arbitrary<unknown> {
  const self = (s: unknown) => arbitraryOf(s as JsonSchema, ids, resolve);
  if (typeof schema.$ref === 'string') return self(resolve(schema.$ref));
  if (Array.isArray(schema.enum)) return fc.constantFrom(...(schema.enum as unknown[]));
  if ('const' in schema) return fc.constant(schema.const);
  const union = (schema.anyOf ?? schema.oneOf) as JsonSchema[] | undefined;
  if (union) return fc.oneof(...union.map(self));
  const types = Array.isArray(schema.type)
    ? (schema.type as string[])
    : schema.type
      ? [schema.type as string]
      : [];
  if (types.length > 1) return fc.oneof(...types.map((type) => self({ ...schema, type })));
  switch (types[0]) {
    case 'null':
      return fc.constant(null);
    case 'boolean':
      return fc.boolean();
    case 'integer':
      return fc.integer({
        min: (schema.minimum as number) ?? -1_000_000,
        max: (schema.maximum as number) ?? 1_000_000,
      });
    case 'number':
      return fc.double({
        min: (schema.minimum as number) ?? -1e6,
        max: (schema.maximum as number) ?? 1e6,
        noNaN: true,
      });
    case 'string':
      return stringOf(schema, ids);
    case 'array':
      return fc.array(self(schema.items ?? {}), {
        minLength: (schema.minItems as number) ?? 0,
        maxLength: Math.min((schema.maxItems as number) ?? 4, 4),
      });
    case 'object': {
      const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
      const required = (schema.required ?? []) as string[];
      return fc.record(
        Object.fromEntries(Object.entries(properties).map(([key, value]) => [key, self(value)])),
        { requiredKeys: required },
      );
    }
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}

function stringOf(schema: JsonSchema, ids: fc.Arbitrary<string>): fc.Arbitrary<string> {
  if (schema.format === 'uuid') return ids;
  if (schema.format === 'email') return fc.emailAddress();
  const max = (schema.maxLength as number) ?? 60;
  if (typeof schema.pattern === 'string') {
    return fc.stringMatching(new RegExp(schema.pattern)).filter((s) => s.length <= max);
  }
  return fc.string({
    unit: 'grapheme',
    minLength: (schema.minLength as number) ?? 0,
    maxLength: Math.min(max, 40),
  });
}
