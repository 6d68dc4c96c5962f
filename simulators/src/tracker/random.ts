/**
 * Seeded pseudo-random numbers for the simulators: the same seed always gives the same sequence, so a fleet run
 * can be replayed exactly. sfc32 (Chris Doty-Humphrey's Small Fast Counting generator, public domain) seeded
 * through the cyrb128 string hash; fast and statistically sound, not for anything that must be unpredictable.
 */
export interface Random {
  /** A number in [0, 1). */
  next(): number
  /** A standard normal deviate (mean 0, standard deviation 1). */
  normal(): number
  /** An integer from lo to hi, both included. */
  int(lo: number, hi: number): number
  pick<T>(xs: readonly T[]): T
}

/** A stream made by createRandom or forkRandom: it knows the seed it was made from. */
export interface SeededRandom extends Random {
  readonly seed: string
}

/** cyrb128 (bryc, public domain): four 32-bit hashes of a string. */
function hashSeed(text: string): [number, number, number, number] {
  let h1 = 1779033703
  let h2 = 3144134277
  let h3 = 1013904242
  let h4 = 2773480762
  for (let i = 0; i < text.length; i++) {
    const k = text.charCodeAt(i)
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067)
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233)
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213)
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179)
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067)
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233)
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213)
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179)
  h1 ^= h2 ^ h3 ^ h4
  h2 ^= h1
  h3 ^= h1
  h4 ^= h1
  return [h1 >>> 0, h2 >>> 0, h3 >>> 0, h4 >>> 0]
}

class Sfc32 implements SeededRandom {
  #a: number
  #b: number
  #c: number
  #d: number
  #spareNormal: number | null = null

  constructor(readonly seed: string) {
    ;[this.#a, this.#b, this.#c, this.#d] = hashSeed(seed)
    for (let i = 0; i < 15; i++) this.next() // mix the hashed state before the first number is used
  }

  next(): number {
    this.#d = (this.#d + 1) | 0
    const t = (((this.#a + this.#b) | 0) + this.#d) | 0
    this.#a = this.#b ^ (this.#b >>> 9)
    this.#b = (this.#c + (this.#c << 3)) | 0
    this.#c = (this.#c << 21) | (this.#c >>> 11)
    this.#c = (this.#c + t) | 0
    return (t >>> 0) / 4_294_967_296
  }

  /** Box–Muller; the second deviate of each pair is kept for the next call. */
  normal(): number {
    if (this.#spareNormal !== null) {
      const spare = this.#spareNormal
      this.#spareNormal = null
      return spare
    }
    const radius = Math.sqrt(-2 * Math.log(1 - this.next()))
    const angle = 2 * Math.PI * this.next()
    this.#spareNormal = radius * Math.sin(angle)
    return radius * Math.cos(angle)
  }

  int(lo: number, hi: number): number {
    if (!Number.isInteger(lo) || !Number.isInteger(hi) || hi < lo) throw new RangeError(`int(${lo}, ${hi}) needs integers with lo <= hi`)
    return lo + Math.floor(this.next() * (hi - lo + 1))
  }

  pick<T>(xs: readonly T[]): T {
    if (xs.length === 0) throw new RangeError('pick needs at least one item')
    return xs[Math.floor(this.next() * xs.length)]!
  }
}

export function createRandom(seed: number | string): SeededRandom {
  return new Sfc32(String(seed))
}

/**
 * An independent stream named by `label`. From a stream made here it depends only on that stream's seed and the
 * label (`${seed}/${label}`), not on how many numbers were drawn from it, so adding a bus or a draw elsewhere does
 * not change any other stream. From any other Random it is seeded by that stream's next number.
 */
export function forkRandom(random: Random, label: string): SeededRandom {
  const parentSeed = random instanceof Sfc32 ? random.seed : String(random.next())
  return new Sfc32(`${parentSeed}/${label}`)
}
