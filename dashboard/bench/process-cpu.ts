import { readdirSync, readFileSync } from 'node:fs'

/**
 * CPU time used by this process's descendants (Chromium's browser, renderer and GPU processes), by Chromium
 * process type, from /proc (Linux). On a busy machine frames per second fall with the load; the CPU a fixed
 * amount of work costs does much less, so it is reported beside them.
 */
export type CpuByProcess = Record<string, number>

const CLOCK_TICKS_PER_S = 100

export function cpuMsOfDescendants(rootPid = process.pid): CpuByProcess {
  const processes: Array<{ pid: number; parent: number; cpuMs: number; type: string }> = []
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8')
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
      const type = /--type=([a-z-]+)/.exec(readFileSync(`/proc/${entry}/cmdline`, 'utf8'))?.[1] ?? 'browser'
      processes.push({ pid: Number(entry), parent: Number(fields[1]), cpuMs: ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS_PER_S, type })
    } catch {
      // the process ended while we read
    }
  }
  const tree = new Set([rootPid])
  for (let grew = true; grew; ) {
    grew = false
    for (const p of processes) {
      if (!tree.has(p.pid) && tree.has(p.parent)) {
        tree.add(p.pid)
        grew = true
      }
    }
  }
  const byType: CpuByProcess = {}
  for (const p of processes) if (p.pid !== rootPid && tree.has(p.pid)) byType[p.type] = (byType[p.type] ?? 0) + p.cpuMs
  return byType
}

/** CPU milliseconds used between two readings, by process type. */
export function cpuMsUsed(before: CpuByProcess, after: CpuByProcess): CpuByProcess {
  const used: CpuByProcess = {}
  for (const [type, ms] of Object.entries(after)) used[type] = ms - (before[type] ?? 0)
  return used
}
