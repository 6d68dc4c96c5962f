import { describe, expect, it } from 'vitest'
import { adherenceClassOf } from './vehicle-adherence.js'

describe('adherenceClassOf', () => {
  it('judges a timetabled bus by its deviation: −1/+5 min on time, +10 late, beyond very late', () => {
    const of = (deviationS: number) => adherenceClassOf({ kind: 'schedule', deviationS })
    expect([of(-61), of(-60), of(300), of(301), of(600), of(601)]).toEqual(['early', 'on-time', 'on-time', 'late', 'late', 'very-late'])
  })

  it('judges a bus run to a headway by the gap to the bus ahead, whatever its timetable', () => {
    const of = (gapS: number | null) => adherenceClassOf({ kind: 'headway', gapS, scheduledHeadwayS: 240 })
    // 4-minute BRT headway: 30 s behind the bus ahead is bunched, 5 min regular, 7 min late, 9 min a gap
    expect([of(30), of(300), of(420), of(540), of(null)]).toEqual(['early', 'on-time', 'late', 'very-late', 'unknown'])
  })

  it('knows nothing of a bus with no trip', () => {
    expect(adherenceClassOf(null)).toBe('unknown')
  })
})
