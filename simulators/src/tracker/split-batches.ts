import { DEFAULT_PING_LIMITS, type PingLimits } from '@masar/model/telemetry/ping-limits'

/** One /positions message: a JSON array of pings within the contract's batch limits. */
export interface Batch {
  payload: string
  pings: number
}

export type BatchLimits = Pick<PingLimits, 'maxBatchPings' | 'maxBatchBytes'>

/**
 * Packs pings (each already JSON) in order into as few batches as the limits allow: at most `maxBatchPings`
 * elements and `maxBatchBytes` UTF-8 bytes each. A ping too big for a batch on its own goes alone.
 */
export function splitIntoBatches(pingsJson: readonly string[], limits: BatchLimits = DEFAULT_PING_LIMITS): Batch[] {
  const batches: Batch[] = []
  let current: string[] = []
  let currentBytes = 2 // the brackets
  const close = () => {
    batches.push({ payload: `[${current.join(',')}]`, pings: current.length })
    current = []
    currentBytes = 2
  }
  for (const json of pingsJson) {
    const bytes = Buffer.byteLength(json, 'utf8')
    if (current.length > 0 && (current.length >= limits.maxBatchPings || currentBytes + 1 + bytes > limits.maxBatchBytes)) close()
    currentBytes += bytes + (current.length > 0 ? 1 : 0) // and a comma after the first
    current.push(json)
  }
  if (current.length > 0) close()
  return batches
}
