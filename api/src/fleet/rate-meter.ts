/** Events per second over the last minute: counts in one-second slots of a ring. */
export class RateMeter {
  readonly #slots = new Float64Array(60)
  readonly #slotSecond = new Float64Array(60).fill(-1)

  mark(atMs: number): void {
    const second = Math.floor(atMs / 1000)
    const slot = second % 60
    if (this.#slotSecond[slot] !== second) {
      this.#slotSecond[slot] = second
      this.#slots[slot] = 0
    }
    this.#slots[slot]! += 1
  }

  perSecond(nowMs: number): number {
    const now = Math.floor(nowMs / 1000)
    let total = 0
    for (let i = 0; i < 60; i++) if (now - this.#slotSecond[i]! < 60 && this.#slotSecond[i]! <= now) total += this.#slots[i]!
    return total / 60
  }
}
