import { Value } from '@sinclair/typebox/value'
import { describe, expect, it } from 'vitest'
import { API_ERRORS, ApiErrorBody } from './api-errors.js'
import { LiveMessage } from './live.js'
import { Obj, StringEnum } from './schema.js'
import { VehicleHealth } from './vehicle-view.js'

describe('the api payload schemas', () => {
  it('check string enums as JSON Schema enums (what ajv and the OpenAPI document read)', () => {
    expect(VehicleHealth).toMatchObject({ type: 'string', enum: ['fresh', 'stale', 'offline'] })
    expect(Value.Check(VehicleHealth, 'stale')).toBe(true)
    expect(Value.Check(VehicleHealth, 'purple')).toBe(false)
    expect(Value.Check(StringEnum(['a']), 1)).toBe(false)
  })

  it('are closed: a field the schema does not list is an error, not silently carried', () => {
    const Point = Obj({ lat: { ...StringEnum(['x']) } })
    expect(Value.Check(Point, { lat: 'x' })).toBe(true)
    expect([...Value.Errors(Point, { lat: 'x', lon: 'x' })].map((e) => e.path)).toEqual(['/lon'])
  })

  it('give every error code one status, the 5xx body a request id', () => {
    for (const [code, { status }] of Object.entries(API_ERRORS)) {
      expect(code).toMatch(/^API_[A-Z_]+$/)
      expect(status >= 400 && status < 600).toBe(true)
    }
    expect(Value.Check(ApiErrorBody, { code: 'API_INTERNAL', message: 'x', requestId: 'req-1' })).toBe(true)
    expect(Value.Check(ApiErrorBody, { code: 'INTERNAL', message: 'x' })).toBe(false)
  })

  it('tell the live stream\'s messages apart by type', () => {
    expect(Value.Check(LiveMessage, { type: 'health', vehicles: [{ vehicleId: 'bus-1', health: 'offline' }] })).toBe(true)
    expect(Value.Check(LiveMessage, { type: 'health', vehicles: [{ vehicleId: 'bus-1' }] })).toBe(false)
    expect(Value.Check(LiveMessage, { type: 'position', vehicle: {} })).toBe(false)
  })
})
