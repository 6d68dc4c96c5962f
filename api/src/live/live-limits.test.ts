import { describe, expect, it } from 'vitest'
import { LiveSlots } from './live-limits.js'

describe('LiveSlots', () => {
  it('holds at most the cap per address and in all, and gives a slot back once however often it is released', () => {
    const slots = new LiveSlots({ maxClients: 3, maxClientsPerAddress: 2 })
    const a1 = slots.take('10.0.0.1')
    const a2 = slots.take('10.0.0.1')
    expect(slots.take('10.0.0.1')).toEqual({ refused: 'address' })
    const b1 = slots.take('10.0.0.2')
    expect(slots.take('10.0.0.3')).toEqual({ refused: 'clients' })
    expect(slots.total).toBe(3)
    if (!('release' in a1) || !('release' in a2) || !('release' in b1)) throw new Error('a slot was refused')
    a1.release()
    a1.release() // a close seen twice frees one slot
    expect(slots.total).toBe(2)
    expect('release' in slots.take('10.0.0.1')).toBe(true)
    expect(slots.take('10.0.0.1')).toEqual({ refused: 'clients' })
  })
})
