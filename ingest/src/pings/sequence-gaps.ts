/**
 * Pings lost before they reached ingest, found by their sequence numbers: a tracker numbers its pings (`seq`), so a
 * jump from 41 to 45 means 42–44 went missing upstream (the tracker's buffer, the network, or a broker queue that
 * overflowed while ingest was paused). Such losses are counted and reported, never silent. A missing number that
 * turns up later (a late upload, a redelivery out of order) is taken off the count again. Per vehicle, only the
 * most recent MAX_OPEN_GAPS missing numbers are remembered; a tracker that restarts its numbering (a jump back by
 * more than RESTART_JUMP) starts afresh.
 */
const MAX_OPEN_GAPS = 1_000
const RESTART_JUMP = 10_000

interface VehicleSequence {
  highest: number
  missing: Set<number>
}

export interface SequenceObservation {
  /** Numbers newly found missing with this ping. */
  newlyMissing: number
  /** A number earlier counted missing arrived after all. */
  recovered: boolean
}

export class SequenceGaps {
  readonly #vehicles = new Map<string, VehicleSequence>()
  #missing = 0

  /** Numbers missing now, over all vehicles (the ones that may still turn up included). */
  get missing(): number {
    return this.#missing
  }

  observe(vehicleKey: string, seq: number): SequenceObservation {
    const known = this.#vehicles.get(vehicleKey)
    if (!known || seq < known.highest - RESTART_JUMP) {
      if (known) this.#missing -= known.missing.size
      this.#vehicles.set(vehicleKey, { highest: seq, missing: new Set() })
      return { newlyMissing: 0, recovered: false }
    }
    if (seq > known.highest) {
      const newlyMissing = seq - known.highest - 1
      for (let s = Math.max(known.highest + 1, seq - MAX_OPEN_GAPS); s < seq; s++) known.missing.add(s)
      known.highest = seq
      this.#missing += newlyMissing
      this.#forgetOldest(known)
      return { newlyMissing, recovered: false }
    }
    if (known.missing.delete(seq)) {
      this.#missing -= 1
      return { newlyMissing: 0, recovered: true }
    }
    return { newlyMissing: 0, recovered: false } // a repeat, or older than what is remembered
  }

  #forgetOldest(known: VehicleSequence): void {
    if (known.missing.size <= MAX_OPEN_GAPS) return
    const sorted = [...known.missing].sort((a, b) => a - b)
    for (const s of sorted.slice(0, sorted.length - MAX_OPEN_GAPS)) known.missing.delete(s) // still counted: lost for good
  }
}
