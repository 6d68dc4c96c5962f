/**
 * The demo fleet's on-time performance from the simulator's ground truth, at several start hours of a weekday:
 *   npm run eval:demo-adherence [-- --date 2026-03-10 --hours 7,12,17,22 --window 60 --seed 206 --gtfs DIR]
 */
import { AMMAN_DEMO_FEED_PATH } from '@masar/gtfs/demo-feed-path'
import { readScheduleFromFeed } from '@masar/gtfs/schedule/read-schedule-from-feed'
import { parseArgs } from 'node:util'
import { formatAdherenceTable, measureAdherence } from './measure-adherence.js'

const { values } = parseArgs({ options: { date: { type: 'string' }, hours: { type: 'string' }, window: { type: 'string' }, seed: { type: 'string' }, gtfs: { type: 'string' } } })
const schedule = await readScheduleFromFeed(values.gtfs ?? AMMAN_DEMO_FEED_PATH)
const serviceDate = values.date ?? '2026-03-10' // a Tuesday: the weekday timetable
const windows = measureAdherence({
  schedule, serviceDate, seed: values.seed ?? 206,
  startHours: (values.hours ?? '7,12,17,22').split(',').map(Number),
  windowMinutes: Number(values.window ?? 60),
})
console.log(`demo fleet adherence, simulator ground truth, ${serviceDate}, each bus on a trip sampled once a minute`)
console.log(formatAdherenceTable(windows))
