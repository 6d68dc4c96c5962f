/**
 * A bus's label on a chart, where there is room for a few characters: its fleet number, the digits its id ends
 * with ("bus-0107" → "0107", as painted on the bus), or the id itself when it has none. Never a cut-off id such as
 * "s-0107", which reads as a stop's code.
 */
export function busLabel(vehicleId: string, maxChars = 8): string {
  const digits = /(\d{2,})$/.exec(vehicleId)?.[1]
  if (digits !== undefined && digits.length <= maxChars) return digits
  return vehicleId.length <= maxChars ? vehicleId : `${vehicleId.slice(0, maxChars - 1)}…`
}
