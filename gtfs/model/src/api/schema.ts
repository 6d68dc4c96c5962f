import { Kind, Type, TypeRegistry, type ObjectOptions, type SchemaOptions, type TObject, type TProperties, type TSchema, type TUnsafe } from '@sinclair/typebox'

/**
 * Building blocks of the api's payload schemas. Every payload object is closed (additionalProperties: false): the
 * api's response serialiser only sends what a schema lists, so a field the schema lacks would be dropped silently;
 * closed schemas let a test find such a field (api/src/http/check-responses.ts) instead.
 */
export const Obj = <T extends TProperties>(properties: T, options: ObjectOptions = {}): TObject<T> =>
  Type.Object(properties, { additionalProperties: false, ...options })

export const Nullable = <T extends TSchema>(schema: T, description?: string) =>
  Type.Union([schema, Type.Null()], description ? { description } : {})

/** An instant, ISO 8601 in UTC (`2026-12-07T09:30:00.000Z`). */
export const IsoDateTime = (description?: string) => Type.String({ format: 'date-time', ...(description ? { description } : {}) })

/** A GTFS service day, YYYY-MM-DD. */
export const ServiceDate = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'a service day, YYYY-MM-DD' })

/**
 * One of a few strings, as JSON Schema's `enum` (validation says "must be equal to one of the allowed values", the
 * OpenAPI document lists them, the serialiser writes a plain string); TypeBox checks it through its registry.
 */
export function StringEnum<const T extends readonly string[]>(values: T, options: SchemaOptions = {}): TUnsafe<T[number]> {
  if (!TypeRegistry.Has('StringEnum')) TypeRegistry.Set<{ enum: readonly string[] }>('StringEnum', (schema, value) => typeof value === 'string' && schema.enum.includes(value))
  return Type.Unsafe<T[number]>({ ...options, [Kind]: 'StringEnum', type: 'string', enum: values })
}

/** The languages riders read: Arabic first, or English. */
export const Lang = StringEnum(['ar', 'en'])
