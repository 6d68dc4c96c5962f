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
  operationId: string | null
  /** OpenAPI style: /api/v1/stops/{id}/arrivals */
  path: string
  parameters: Parameter[]
  body: JsonSchema | null
  /** By status ('200', '4XX'…): the media types answered and their schemas. */
  responses: Record<string, { content?: Record<string, { schema?: JsonSchema }> }>
  /** The security requirements: [{ bearerAuth: [] }] where a token is needed; absent when the route says nothing. */
  security: Array<Record<string, string[]>> | null
}

interface OpenApiOperation {
  operationId?: string
  parameters?: Parameter[]
  requestBody?: { content: Record<string, { schema: JsonSchema }> }
  responses?: Operation['responses']
  security?: Array<Record<string, string[]>>
}

export interface OpenApiDocument {
  paths: Record<string, Record<string, OpenApiOperation>>
}

export function operationsOf(document: unknown): Operation[] {
  return Object.entries((document as OpenApiDocument).paths).flatMap(([path, methods]) => Object.entries(methods).map(([method, operation]) => ({
    method: method.toUpperCase(), path,
    operationId: operation.operationId ?? null,
    parameters: operation.parameters ?? [],
    body: operation.requestBody?.content['application/json']?.schema ?? null,
    responses: operation.responses ?? {},
    security: operation.security ?? null,
  })))
}

/** Statuses answered without a body. */
const EMPTY = new Set(['204', '304'])

/**
 * What an operation of the document lacks for a client generated from it: a unique operationId, a success answer
 * (2xx, or 101 for the WebSocket) whose body has a schema, the error body for 4xx and 5xx, and its security.
 */
export function contractProblemsOf(operations: readonly Operation[]): string[] {
  const problems: string[] = []
  const seen = new Map<string, string>()
  for (const operation of operations) {
    const name = operationName(operation)
    if (!operation.operationId) problems.push(`${name}: no operationId`)
    else if (seen.has(operation.operationId)) problems.push(`${name}: operationId ${operation.operationId} is also ${seen.get(operation.operationId)}'s`)
    else seen.set(operation.operationId, name)
    const successes = Object.entries(operation.responses).filter(([status]) => /^(2\d\d|101)$/.test(status))
    if (successes.length === 0) problems.push(`${name}: no success response`)
    for (const [status, response] of successes) {
      if (EMPTY.has(status)) continue
      const schemas = Object.values(response.content ?? {}).filter((media) => media.schema)
      if (schemas.length === 0) problems.push(`${name}: the ${status} response has no schema`)
    }
    for (const status of ['4XX', '5XX']) {
      if (!operation.responses[status]?.content?.['application/json']?.schema) problems.push(`${name}: no ${status} error body`)
    }
    if (!operation.security) problems.push(`${name}: no security requirement`)
  }
  return problems
}

export const needsToken = (operation: Operation) => (operation.security ?? []).some((requirement) => 'bearerAuth' in requirement)
/** Some credential is required: the operation has security requirements and none of them is empty ({}). */
export const needsCredentials = (operation: Operation) => (operation.security ?? []).length > 0 && (operation.security ?? []).every((requirement) => Object.keys(requirement).length > 0)

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
