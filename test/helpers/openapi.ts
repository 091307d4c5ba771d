import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';

/** The parts of an OpenAPI 3.1 document the tests read. */
export interface OpenApiDoc {
  openapi: string;
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Record<string, unknown>>; securitySchemes: Record<string, unknown> };
  tags?: { name: string }[];
}
export interface Media {
  schema: Record<string, unknown>;
  examples?: Record<string, { summary: string; value: unknown }>;
}
export interface Operation {
  operationId: string;
  tags: string[];
  summary: string;
  security: Record<string, string[]>[];
  parameters?: { name: string; in: 'path' | 'query' | 'header'; required: boolean; schema: Record<string, unknown> }[];
  requestBody?: { required: boolean; content: Record<string, Media> };
  responses: Record<string, { description: string; headers?: Record<string, { required?: boolean; schema: Record<string, unknown> }>; content?: Record<string, Media> }>;
  'x-access': string;
}

export const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

/** Every operation of a document with its method and path. */
export function operations(doc: OpenApiDoc): { method: (typeof METHODS)[number]; path: string; op: Operation }[] {
  return Object.entries(doc.paths).flatMap(([path, item]) => METHODS.filter((m) => item[m]).map((method) => ({ method, path, op: item[method]! })));
}

/** A copy of a schema with `#/components/schemas/X` pointing into the checker's own schema of the components. */
function rewriteRefs(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(rewriteRefs);
  if (!value || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => [k, k === '$ref' && typeof v === 'string' ? v.replace('#/components/schemas/', 'components.json#/$defs/') : rewriteRefs(v)]),
  );
}

/**
 * Validates values against schemas of a document (JSON Schema 2020-12, formats checked), with
 * `$ref`s to its components resolved as a client's would.
 */
export function schemaChecker(doc: OpenApiDoc): (schema: Record<string, unknown>, value: unknown) => string | undefined {
  const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => void;
  const ajv = new Ajv2020({ strict: false, allErrors: false, validateFormats: true });
  addFormats(ajv);
  ajv.addSchema({ $id: 'components.json', $defs: rewriteRefs(doc.components.schemas) } as never);
  const cache = new Map<string, ReturnType<typeof ajv.compile>>();
  return (schema, value) => {
    const key = JSON.stringify(schema);
    let validate = cache.get(key);
    if (!validate) {
      validate = ajv.compile(rewriteRefs(schema) as never);
      cache.set(key, validate);
    }
    if (validate(value)) return undefined;
    return ajv.errorsText(validate.errors, { dataVar: 'value' });
  };
}
