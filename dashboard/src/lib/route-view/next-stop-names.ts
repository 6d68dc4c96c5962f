/** Where each bus of the route is heading, by the name of its next stop (from the route's stops, in the reader's language). */
export function nextStopNames(
  vehicles: ReadonlyArray<{ vehicleId: string; nextStopId: string | null }>,
  stops: ReadonlyArray<{ stopId: string; name: string }>,
): Map<string, string> {
  const names = new Map(stops.map((s) => [s.stopId, s.name]))
  const result = new Map<string, string>()
  for (const v of vehicles) {
    const name = v.nextStopId === null ? undefined : names.get(v.nextStopId)
    if (name !== undefined) result.set(v.vehicleId, name)
  }
  return result
}
