import type { StackClock } from './stack-clock.js'

/** The banner's line about the clock: plainly a demo clock when it is one, and how to run at real time. */
export function formatClockLine(clock: StackClock): string {
  if (clock.mode === 'real') return 'real time'
  const startedAt = new Intl.DateTimeFormat('en-GB', { timeZone: clock.timeZone, weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(clock.startMs)
  const why = clock.mode === 'night-demo' ? 'no bus of the feed runs at this hour, so the demo replays the morning'
    : clock.mode === 'replay' ? 'MASAR_REPLAY: the recorded day, as it happened' : 'SIM_START'
  return `DEMO CLOCK, not real time: started at ${startedAt} (${clock.timeZone}), ${formatShift(clock.offsetMs)} real time (${why}). ` +
    'Every service, feed and the dashboard run on it. SIM_START=now runs at real time.'
}

function formatShift(offsetMs: number): string {
  const minutes = Math.round(Math.abs(offsetMs) / 60_000)
  const text = `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')} min`
  return offsetMs < 0 ? `${text} behind` : `${text} ahead of`
}
