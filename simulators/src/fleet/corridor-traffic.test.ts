import { describe, expect, it } from 'vitest'
import { createRandom } from '../tracker/random.js'
import { CorridorTraffic } from './corridor-traffic.js'

const FROM = Date.parse('2026-03-10T03:00:00Z')
const TO = FROM + 20 * 3600_000
const day = (seed: string, options?: ConstructorParameters<typeof CorridorTraffic>[3]) => new CorridorTraffic(createRandom(seed), FROM, TO, options)

describe('CorridorTraffic', () => {
  it('keeps a corridor’s every-day character from one day to the next, while today’s traffic changes', () => {
    const characterOnly = { characterSdLog: 0.14, sdLog: 0, knotEveryS: 1800 }
    const at = FROM + 5 * 3600_000
    expect(day('monday', characterOnly).factorAt('R15', at)).toBe(day('tuesday', characterOnly).factorAt('R15', at + 86_400_000))
    expect(day('monday', characterOnly).factorAt('R15', at)).not.toBe(day('monday', characterOnly).factorAt('R16', at))
    expect(day('monday').factorAt('R15', at)).not.toBe(day('tuesday').factorAt('R15', at))
  })

  it('is smooth, centred on 1 and never absurd', () => {
    const traffic = day('spread')
    const samples = Array.from({ length: 28 }, (_, r) => Array.from({ length: 40 }, (_, k) => traffic.factorAt(`R${r}`, FROM + k * 1800_000))).flat()
    const meanLog = samples.reduce((sum, f) => sum + Math.log(f), 0) / samples.length
    expect(Math.abs(meanLog)).toBeLessThan(0.05)
    expect(Math.min(...samples)).toBeGreaterThan(0.3)
    expect(Math.max(...samples)).toBeLessThan(3)
    // linear between knots: a minute later moves the factor by little
    expect(Math.abs(traffic.factorAt('R1', FROM + 3600_000) - traffic.factorAt('R1', FROM + 3660_000))).toBeLessThan(0.05)
  })

  it('is 1 everywhere when both parts are off', () => {
    expect(day('off', { characterSdLog: 0, sdLog: 0, knotEveryS: 1800 }).factorAt('R1', FROM + 7200_000)).toBe(1)
  })
})
