import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { api } from '../../shared/api/routes.ts';

/**
 * The LIFF app sends its first requests before the contract's zod schemas have loaded (they are
 * off the first load, liff-app/src/api/client.ts) and uses those answers as the server sent
 * them, checking them once the schemas arrive. That is only the same as parsing when an output
 * schema changes nothing: no defaults, transforms, pipes or catches in any route's output.
 */

interface Schema {
  _zod: { def: Record<string, unknown> & { type: string } };
}

const CHANGES_VALUE = new Set(['default', 'prefault', 'catch', 'transform', 'pipe', 'success']);

function valueChanges(schema: Schema | undefined, path: string, seen = new Set<unknown>()): string[] {
  if (!schema?._zod || seen.has(schema)) return [];
  seen.add(schema);
  const def = schema._zod.def as Record<string, unknown> & { type: string };
  if (CHANGES_VALUE.has(def.type)) return [`${path} (${def.type})`];
  const children: [string, Schema | undefined][] = [];
  if (def.type === 'object') for (const [key, child] of Object.entries(def.shape as Record<string, Schema>)) children.push([`${path}.${key}`, child]);
  for (const key of ['innerType', 'element', 'catchall', 'left', 'right', 'keyType', 'valueType', 'rest'] as const) {
    if (def[key]) children.push([`${path}${key === 'element' ? '[]' : ''}`, def[key] as Schema]);
  }
  for (const key of ['options', 'items'] as const) {
    if (Array.isArray(def[key])) (def[key] as Schema[]).forEach((child, i) => children.push([`${path}|${i}`, child]));
  }
  return children.flatMap(([childPath, child]) => valueChanges(child, childPath, seen));
}

describe('route outputs', () => {
  it('finds a default or a transform where there is one', () => {
    expect(valueChanges(z.object({ a: z.array(z.object({ b: z.string().default('x') })) }) as unknown as Schema, 'probe')).toEqual(['probe.a[].b (default)']);
    expect(valueChanges(z.object({ a: z.string().transform(Number).nullable() }) as unknown as Schema, 'probe')).toEqual(['probe.a (pipe)']);
  });

  it('never change the value they parse (the client uses early answers as sent)', () => {
    const found = Object.entries(api).flatMap(([name, def]) => valueChanges(def.output as unknown as Schema, name));
    expect(found).toEqual([]);
  });
});
