import type pg from 'pg'

/**
 * TimescaleDB's background workers do not run inside PGlite: policies register but never execute. This runs the
 * registered jobs (compression, retention, continuous-aggregate refresh) itself, each as its own statement.
 * Only the embedded stack needs it; a real TimescaleDB server runs its own jobs.
 */
export interface TimescaleJobRunner {
  runDueJobs(): Promise<number>
  stop(): void
}

// PGlite records no job statistics either, so the runner keeps each job's last run itself.
const SCHEDULED_JOBS = `
SELECT job_id, (extract(epoch FROM schedule_interval) * 1000)::float8 AS interval_ms
FROM timescaledb_information.jobs
WHERE scheduled AND job_id >= 1000
ORDER BY job_id`

export function startTimescaleJobRunner(options: {
  pool: pg.Pool
  intervalMs: number
  onError: (err: unknown) => void
}): TimescaleJobRunner {
  let running = false
  const lastRunMsByJob = new Map<number, number>()
  const runDueJobs = async (): Promise<number> => {
    if (running) return 0
    running = true
    try {
      const { rows } = await options.pool.query<{ job_id: number; interval_ms: number }>(SCHEDULED_JOBS)
      let ran = 0
      for (const { job_id: jobId, interval_ms: intervalMs } of rows) {
        const lastRunMs = lastRunMsByJob.get(jobId)
        if (lastRunMs !== undefined && lastRunMs + intervalMs > Date.now()) continue
        lastRunMsByJob.set(jobId, Date.now())
        await options.pool.query(`CALL run_job(${Number(jobId)})`)
        ran += 1
      }
      return ran
    } finally {
      running = false
    }
  }
  const timer = setInterval(() => {
    runDueJobs().catch(options.onError)
  }, options.intervalMs)
  timer.unref()
  return { runDueJobs, stop: () => clearInterval(timer) }
}
