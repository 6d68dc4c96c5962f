/**
 * How fast traffic lets a bus go, by local time of day and kind of day, as a factor of the speed its timetable
 * assumes (1 = on time; 0.7 = 30 % slower). Amman: a working week from Saturday to Thursday with a morning peak
 * (07:00–09:30, schools and offices) and a longer afternoon one (14:00–18:00); Friday is the weekend: empty
 * streets in the morning, the noon prayer around 12:00–13:30, and family traffic in the evening.
 * Points are (hour, factor); the factor between two points is linear.
 */
export type DayKind = 'workday' | 'friday'

export interface TrafficProfile {
  workday: ReadonlyArray<readonly [hour: number, factor: number]>
  friday: ReadonlyArray<readonly [hour: number, factor: number]>
}

export const AMMAN_TRAFFIC: TrafficProfile = {
  workday: [[0, 1.15], [5, 1.15], [6.5, 1.0], [7.5, 0.72], [8.5, 0.7], [9.5, 0.88], [12, 0.9], [14, 0.78], [15.5, 0.66], [17, 0.68], [18.5, 0.85], [21, 1.0], [24, 1.15]],
  friday: [[0, 1.15], [9, 1.2], [11, 1.05], [12, 0.85], [13.5, 0.9], [16, 1.0], [18, 0.82], [21, 0.8], [23, 1.0], [24, 1.15]],
}

/** The traffic factor at a local time of day (seconds since local midnight). */
export function trafficFactor(profile: TrafficProfile, day: DayKind, secondsOfDay: number): number {
  const points = profile[day]
  const hour = ((secondsOfDay / 3600) % 24 + 24) % 24
  for (let i = 1; i < points.length; i++) {
    const [h1, f1] = points[i]!
    const [h0, f0] = points[i - 1]!
    if (hour <= h1) return h1 === h0 ? f1 : f0 + ((hour - h0) / (h1 - h0)) * (f1 - f0)
  }
  return points[points.length - 1]![1]
}

/** Jordan's weekend day is Friday (Saturday is a working day for buses). */
export function dayKindOf(localDate: string): DayKind {
  const [year, month, day] = localDate.split('-').map(Number) as [number, number, number]
  return new Date(Date.UTC(year, month - 1, day)).getUTCDay() === 5 ? 'friday' : 'workday'
}
