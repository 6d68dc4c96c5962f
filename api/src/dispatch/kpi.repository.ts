import { ON_TIME_EARLIEST_S, ON_TIME_LATEST_S } from '@masar/model/realtime/on-time'
import type pg from 'pg'

/** On-time performance by route over a window: a stop event is on time by the one rule (realtime/on-time.ts). */
const ON_TIME_BY_ROUTE = `
SELECT route_id, count(*)::int AS events,
       count(*) FILTER (WHERE delay_s BETWEEN $2 AND $3)::int AS on_time,
       round(avg(delay_s))::int AS mean_delay_s
FROM stop_events WHERE arrival_at >= $1 AND delay_s IS NOT NULL
GROUP BY route_id ORDER BY route_id`

export async function onTimeByRoute(db: pg.Pool, sinceMs: number): Promise<Array<{ routeId: string; events: number; onTimeShare: number; meanDelayS: number }>> {
  const { rows } = await db.query<{ route_id: string; events: number; on_time: number; mean_delay_s: number }>(ON_TIME_BY_ROUTE, [new Date(sinceMs), ON_TIME_EARLIEST_S, ON_TIME_LATEST_S])
  return rows.map((r) => ({ routeId: r.route_id, events: r.events, onTimeShare: Math.round((r.on_time / r.events) * 1000) / 1000, meanDelayS: r.mean_delay_s }))
}
