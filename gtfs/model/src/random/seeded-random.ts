/** A source of numbers in [0, 1), like Math.random but reproducible from a seed. */
export type Random = () => number

/**
 * mulberry32: a 32-bit seeded generator (Tommy Ettinger's public-domain design). Small and fast; good enough to
 * scatter demo data, not for anything that must be unpredictable. The same seed always gives the same sequence.
 */
export function createRandom(seed: number): Random {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296
  }
}

export function randomBetween(random: Random, min: number, max: number): number {
  return min + (max - min) * random()
}

/** An integer from min to max, both included. */
export function randomInt(random: Random, min: number, max: number): number {
  return min + Math.floor(random() * (max - min + 1))
}

export function pickOne<T>(random: Random, items: readonly T[]): T {
  const item = items[Math.floor(random() * items.length)]
  if (item === undefined) throw new RangeError('pickOne needs at least one item')
  return item
}
