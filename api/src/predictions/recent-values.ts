import { quantileOfSorted } from './accuracy-table.js'

/** The last `keep` numbers seen, and their quantiles (sorted once after each change, when first asked). */
export class RecentValues {
  readonly #values: Float64Array
  #next = 0
  #count = 0
  #sorted: Float64Array | null = null

  constructor(keep: number) {
    this.#values = new Float64Array(keep)
  }

  add(value: number): void {
    this.#values[this.#next] = value
    this.#next = (this.#next + 1) % this.#values.length
    this.#count = Math.min(this.#values.length, this.#count + 1)
    this.#sorted = null
  }

  get count(): number {
    return this.#count
  }

  quantile(q: number): number {
    this.#sorted ??= this.#values.slice(0, this.#count).sort()
    return quantileOfSorted(this.#sorted, q)
  }
}
