const FSI = String.fromCharCode(0x2068) // FIRST STRONG ISOLATE
const PDI = String.fromCharCode(0x2069) // POP DIRECTIONAL ISOLATE

/**
 * A value set apart for the bidirectional algorithm (Unicode TR9 isolates), so a Latin id inside an Arabic sentence
 * ("bus-0125: 3 دقائق") does not pull the number after it into its left-to-right run.
 */
export function bidiIsolate(text: string): string {
  return `${FSI}${text}${PDI}`
}
