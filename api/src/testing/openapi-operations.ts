/**
 * For tests: the operations of the api's OpenAPI document (/docs/json), and a schema-valid example of any of its
 * JSON schemas, so a test can walk every route without knowing them.
 */
export interface JsonSchema {
  type?: string | string[]
  enum?: unknown[]
  default?: unknown
  minimum?: number
  maximum?: number
  minLength?: number
  maxLength?: number
  pattern?: string
  format?: string
  properties?: Record<string, JsonSchema>
  required?: string[]
  items?: JsonSchema
  minItems?: number
  anyOf?: JsonSchema[]
  oneOf?: JsonSchema[]
}

export interface Parameter {
  name: string
  in: 'path' | 'query' | 'header'
  required?: boolean
  schema: JsonSchema
}

export interface Operation {
  method: string
  /** OpenAPI style: /api/v1/stops/{id}/arrivals */
  path: string
  parameters: Parameter[]
  body: JsonSchema | null
}

export interface OpenApiDocument {
  paths: Record<string, Record<string, { parameters?: Parameter[]; requestBody?: { content: Record<string, { schema: JsonSchema }> } }>>
}

export function operationsOf(document: unknown): Operation[] {
  return Object.entries((document as OpenApiDocument).paths).flatMap(([path, methods]) => Object.entries(methods).map(([method, operation]) => ({
    method: method.toUpperCase(), path,
    parameters: operation.parameters ?? [],
    body: operation.requestBody?.content['application/json']?.schema ?? null,
  })))
}

export const operationName = (operation: Pick<Operation, 'method' | 'path'>) => `${operation.method} ${operation.path}`

const PATTERNED = ['20260101', '2026-01-01', '35.9,31.9,36,32', 'R1,R2', 'valid-name', 'x']

/** A value the schema accepts (its default or first enum value first). */
export function exampleOf(schema: JsonSchema): unknown {
  if (schema.default !== undefined) return schema.default
  if (schema.enum) return schema.enum[0]
  if (schema.anyOf ?? schema.oneOf) return exampleOf((schema.anyOf ?? schema.oneOf)![0]!)
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type
  switch (type) {
    case 'integer':
    case 'number':
      return schema.minimum ?? Math.min(1, schema.maximum ?? 1)
    case 'boolean':
      return true
    case 'array':
      return Array.from({ length: schema.minItems ?? 0 }, () => exampleOf(schema.items ?? {}))
    case 'object':
      return Object.fromEntries((schema.required ?? []).map((name) => [name, exampleOf(schema.properties?.[name] ?? {})]))
    default:
      if (schema.format === 'date-time') return new Date(Date.now() - 60_000).toISOString()
      if (schema.pattern) return PATTERNED.find((candidate) => new RegExp(schema.pattern!).test(candidate)) ?? 'x'
      return 'x'.repeat(Math.max(1, schema.minLength ?? 1))
  }
}

/** The operation's URL with every path parameter set to `pathValue` (encoded) and its required query parameters to examples. */
export function exampleUrl(operation: Operation, pathValue: (parameter: Parameter) => string): string {
  let path = operation.path
  for (const parameter of operation.parameters.filter((p) => p.in === 'path')) path = path.replace(`{${parameter.name}}`, encodeURIComponent(pathValue(parameter)))
  const query = new URLSearchParams(operation.parameters.filter((p) => p.in === 'query' && p.required).map((p): [string, string] => [p.name, String(exampleOf(p.schema))]))
  return query.size ? `${path}?${query}` : path
}
