import type { FleetProgress } from './run-fleet.js'

/** One status line: the simulated clock (local), buses, rates and counts. */
export function formatFleetProgress(progress: FleetProgress, timeZone: string): string {
  const clock = new Intl.DateTimeFormat('en-GB', { timeZone, weekday: 'short', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' }).format(progress.simulatedMs)
  const n = (x: number) => Math.round(x).toLocaleString('en-US')
  return `sim ${clock} | buses ${n(progress.busesActive)} active, ${n(progress.busesOffline)} offline | ${n(progress.pingsPerSecond)} pings/s | ${n(progress.pings)} pings in ${n(progress.messages)} messages, ${n(progress.badMessages)} bad`
}
