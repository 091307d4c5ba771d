import fc from 'fast-check';

/**
 * fast-check arbitraries for the JSON Schema (2020-12) subset our OpenAPI documents use:
 * $ref into `#/components/schemas`, oneOf/anyOf/allOf, const, enum, type (and type lists),
 * string length/pattern/format (date-time, date, uuid), integer and number bounds, arrays,
 * objects with required and optional properties. Values are valid per the schema; `hints`
 * replace a property's values by name (real coupon codes, store ids) some of the time, so the
 * run reaches past "not found".
 */

type Schema = Record<string, unknown>;
export type Hints = Record<string, fc.Arbitrary<unknown>>;

export interface SchemaContext {
  /** The document, for $ref. */
  root: Schema;
  hints?: Hints;
}

const MAX_SAFE = Number.MAX_SAFE_INTEGER;

function resolve(ref: string, root: Schema): Schema {
  if (!ref.startsWith('#/')) throw new Error(`only local $ref: ${ref}`);
  let node: unknown = root;
  for (const part of ref.slice(2).split('/')) node = (node as Record<string, unknown>)[part.replace(/~1/g, '/').replace(/~0/g, '~')];
  if (!node) throw new Error(`unresolved $ref ${ref}`);
  return node as Schema;
}

const dateTime = fc
  .tuple(fc.date({ min: new Date('2020-01-01T00:00:00Z'), max: new Date('2030-12-31T23:59:59Z'), noInvalidDate: true }), fc.constantFrom('Z', '+08:00', '-05:30', 'ms'))
  .map(([d, zone]) => {
    const iso = d.toISOString();
    if (zone === 'ms') return iso;
    const noMs = `${iso.slice(0, 19)}`;
    if (zone === 'Z') return `${noMs}Z`;
    const sign = zone.startsWith('-') ? -1 : 1;
    const [h, m] = zone.slice(1).split(':').map(Number) as [number, number];
    const local = new Date(d.getTime() + sign * (h * 60 + m) * 60_000).toISOString().slice(0, 19);
    return `${local}${zone}`;
  });

const whitespace = fc.constantFrom(' ', '\n', '\t', '\r\n', '\u3000', '\u00a0');

/**
 * Valid strings at the length limits with whitespace at one end ("\nabc" for a minimum of 4):
 * where a server that trims before it checks disagrees with a document that cannot say so.
 * `valid` gives valid strings; the result is one of them changed, when the change is still valid.
 */
function atTheEdges(valid: fc.Arbitrary<string>, ok: (s: string) => boolean, min: number): fc.Arbitrary<string> {
  return fc.tuple(whitespace, valid).map(([w, v]) => {
    const padded = min > w.length ? w + v.slice(0, min - w.length) : w + v;
    return [padded, v.slice(0, Math.max(min - w.length, 0)) + w, w + v, v + w].find(ok) ?? v;
  });
}

function stringArbitrary(schema: Schema): fc.Arbitrary<string> {
  const min = (schema.minLength as number | undefined) ?? 0;
  const max = Math.min((schema.maxLength as number | undefined) ?? 60, Math.max(min, 300));
  if (schema.format === 'date-time') return dateTime;
  if (schema.format === 'date') return fc.date({ min: new Date('1990-01-01T00:00:00Z'), max: new Date('2030-12-31T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
  if (schema.format === 'uuid') return fc.uuid();
  if (typeof schema.pattern === 'string') {
    const re = new RegExp(schema.pattern, 'u');
    const limit = (schema.maxLength as number | undefined) ?? Infinity;
    // Cut to the length limit rather than filtered, so generation never waits on luck.
    const matching = fc.stringMatching(re).map((s) => (s.length > limit ? s.slice(0, limit) : s)).filter((s) => s.length >= min && re.test(s));
    const ok = (t: string) => re.test(t) && t.length >= min && t.length <= limit;
    return fc.oneof({ weight: 3, arbitrary: matching }, { weight: 1, arbitrary: atTheEdges(matching, ok, min) });
  }
  // Whole Unicode (astral characters, controls, spaces at either end) and the plain kind.
  const limit = (schema.maxLength as number | undefined) ?? Infinity;
  // Length in UTF-16 units, as JSON Schema validators and zod count it.
  const plain = fc
    .oneof(fc.string({ unit: 'binary', minLength: min, maxLength: max }), fc.string({ unit: 'grapheme-ascii', minLength: min, maxLength: max }))
    .map((s) => (s.length > limit ? s.slice(0, limit) : s))
    .filter((s) => s.length >= min && !/[\uD800-\uDBFF]$/.test(s));
  const edge = atTheEdges(plain, (t) => t.length >= min && t.length <= limit, min);
  return fc.oneof({ weight: 3, arbitrary: plain }, { weight: 1, arbitrary: edge });
}

function numberArbitrary(schema: Schema, integer: boolean): fc.Arbitrary<number> {
  let min = (schema.minimum as number | undefined) ?? -1e6;
  let max = (schema.maximum as number | undefined) ?? 1e9;
  if (typeof schema.exclusiveMinimum === 'number') min = schema.exclusiveMinimum + (integer ? 1 : Number.EPSILON);
  if (typeof schema.exclusiveMaximum === 'number') max = schema.exclusiveMaximum - (integer ? 1 : Number.EPSILON);
  min = Math.max(min, -MAX_SAFE);
  max = Math.min(max, MAX_SAFE);
  if (integer) {
    // Small values most of the time (ids, amounts), the edges sometimes.
    const small = fc.integer({ min: Math.max(min, Math.min(-5, max)), max: Math.min(max, Math.max(2000, min)) });
    return fc.oneof({ weight: 4, arbitrary: small }, { weight: 1, arbitrary: fc.integer({ min, max }) }, { weight: 1, arbitrary: fc.constantFrom(min, max) });
  }
  return fc.double({ min, max, noNaN: true, noDefaultInfinity: true });
}

/** An arbitrary of values valid per `schema`. */
export function arbitraryFor(schema: Schema, ctx: SchemaContext, depth = 0): fc.Arbitrary<unknown> {
  if (depth > 12) return fc.constant(null);
  if (typeof schema.$ref === 'string') return arbitraryFor(resolve(schema.$ref, ctx.root), ctx, depth + 1);
  if ('const' in schema) return fc.constant(schema.const);
  if (Array.isArray(schema.enum)) return fc.constantFrom(...(schema.enum as unknown[]));
  const options = (schema.oneOf ?? schema.anyOf) as Schema[] | undefined;
  if (options) return fc.oneof(...options.map((o) => arbitraryFor(o, ctx, depth + 1)));
  if (Array.isArray(schema.allOf)) return arbitraryFor(Object.assign({}, ...(schema.allOf as Schema[])), ctx, depth + 1);
  const type = schema.type;
  if (Array.isArray(type)) return fc.oneof(...type.map((t) => arbitraryFor({ ...schema, type: t }, ctx, depth + 1)));
  switch (type) {
    case 'string':
      return stringArbitrary(schema);
    case 'integer':
      return numberArbitrary(schema, true);
    case 'number':
      return numberArbitrary(schema, false);
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array': {
      const items = (schema.items as Schema | undefined) ?? {};
      return fc.array(arbitraryFor(items, ctx, depth + 1), { minLength: (schema.minItems as number | undefined) ?? 0, maxLength: Math.min((schema.maxItems as number | undefined) ?? 4, 4) });
    }
    case 'object': {
      const props = (schema.properties ?? {}) as Record<string, Schema>;
      const required = new Set((schema.required ?? []) as string[]);
      const record: Record<string, fc.Arbitrary<unknown>> = {};
      for (const [name, prop] of Object.entries(props)) {
        const own = arbitraryFor(prop, ctx, depth + 1);
        const hint = ctx.hints?.[name];
        record[name] = hint ? fc.oneof({ weight: 3, arbitrary: hint }, { weight: 1, arbitrary: own }) : own;
      }
      return fc.record(record, { requiredKeys: [...required].filter((k) => k in props) });
    }
    default:
      // {} or only annotations: any JSON value.
      return fc.jsonValue({ maxDepth: 2 });
  }
}

/**
 * Values that break the schema in one place: a required property dropped, one replaced by a
 * value of another type, an unknown property added, or something that is not an object at all.
 */
export function invalidFor(schema: Schema, ctx: SchemaContext): fc.Arbitrary<unknown> {
  const valid = arbitraryFor(schema, ctx);
  const anything = fc.oneof(fc.jsonValue({ maxDepth: 2 }), fc.constantFrom(null, '', -1, 0, 1.5, 'x'.repeat(600), [], {}, true));
  return fc.oneof(
    anything,
    fc.tuple(valid, fc.nat(), anything, fc.constantFrom('drop', 'replace', 'extra')).map(([value, n, other, how]) => {
      if (!value || typeof value !== 'object' || Array.isArray(value)) return other;
      const copy: Record<string, unknown> = { ...(value as Record<string, unknown>) };
      const keys = Object.keys(copy);
      if (how === 'extra' || keys.length === 0) copy[`unknown${n % 3}`] = other;
      else if (how === 'drop') delete copy[keys[n % keys.length]!];
      else copy[keys[n % keys.length]!] = other;
      return copy;
    }),
  );
}
