/**
 * Where the city is when the rider's place is not known: the bounds the basemap style's sources declare (the api's
 * offline basemap puts the active feed's bounds on its vector source, api/src/basemap/basemap-style.ts), read from
 * the style JSON without MapLibre, so the home page's list can ask for stops before (or without) the map.
 */
export type Bounds = [west: number, south: number, east: number, north: number]

export function feedBoundsOf(style: unknown): Bounds | null {
  if (typeof style !== 'object' || style === null) return null
  const sources = (style as { sources?: unknown }).sources
  if (typeof sources !== 'object' || sources === null) return null
  let union: Bounds | null = null
  for (const source of Object.values(sources)) {
    const bounds = (source as { bounds?: unknown } | null)?.bounds
    if (!isBounds(bounds)) continue
    union = union ? [Math.min(union[0], bounds[0]), Math.min(union[1], bounds[1]), Math.max(union[2], bounds[2]), Math.max(union[3], bounds[3])] : bounds
  }
  return union
}

export function centreOf([west, south, east, north]: Bounds): { lat: number; lon: number } {
  return { lat: (south + north) / 2, lon: (west + east) / 2 }
}

function isBounds(value: unknown): value is Bounds {
  if (!Array.isArray(value) || value.length !== 4 || !value.every((n) => typeof n === 'number' && Number.isFinite(n))) return false
  const [west, south, east, north] = value as Bounds
  // the whole world (MapLibre's default) says nothing about the city
  return west < east && south < north && !(west <= -180 && east >= 180)
}
