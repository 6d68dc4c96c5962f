/** One international knot is 1852 m an hour: 0.514444… m/s. */
export const METRES_PER_SECOND_PER_KNOT = 1852 / 3600

/** Traccar keeps speeds in knots (and the OsmAnd protocol sends them so); Masar's wire form is m/s. */
export function knotsToMetresPerSecond(knots: number): number {
  return knots * METRES_PER_SECOND_PER_KNOT
}
