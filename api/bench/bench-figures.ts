/** Small helpers the api bench prints its figures with. */

export const fmt = (n: number): string => Math.round(n).toLocaleString('en-US')
export const ms = (n: number): string => `${n < 10 ? n.toFixed(1) : fmt(n)} ms`
export const mib = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1)} MiB`

export function median(values: number[]): number {
  return [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN
}

/** The p-th percentile of values sorted ascending (nearest rank). */
export function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN
}

export interface MemoryFigures {
  heapUsedBytes: number
  rssBytes: number
}

/** Heap and RSS after two full collections (the bench runs with --expose-gc). */
export function measureMemory(): MemoryFigures {
  global.gc?.()
  global.gc?.()
  const { heapUsed, rss } = process.memoryUsage()
  return { heapUsedBytes: heapUsed, rssBytes: rss }
}

export const verdict = (met: boolean): string => (met ? 'met' : 'MISSED')

/** Waits for a condition; `what` may be a function, to say how far it got when it times out. */
export async function waitFor(condition: () => boolean, timeoutMs: number, what: string | (() => string)): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`bench: timed out after ${timeoutMs} ms waiting for ${typeof what === 'function' ? what() : what}`)
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}
