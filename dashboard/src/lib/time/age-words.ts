import type { MessageKey } from '../i18n/catalog.js'

/**
 * An age said plainly, in the largest whole unit ("12 minutes", "3 hours"), as a catalog key and its count, for
 * the bus last heard from and the arrivals seen before the phone went offline.
 */
export interface AgeWords {
  key: Extract<MessageKey, `age.${string}`>
  count: number
}

export function ageWords(seconds: number): AgeWords {
  const s = Math.max(0, Math.floor(seconds))
  if (s < 60) return { key: 'age.seconds', count: s }
  if (s < 3600) return { key: 'age.minutes', count: Math.floor(s / 60) }
  if (s < 86_400) return { key: 'age.hours', count: Math.floor(s / 3600) }
  return { key: 'age.days', count: Math.floor(s / 86_400) }
}

/** Seconds from an instant to now, never negative. */
export function secondsSince(atMs: number, nowMs: number): number {
  return Math.max(0, Math.round((nowMs - atMs) / 1000))
}
