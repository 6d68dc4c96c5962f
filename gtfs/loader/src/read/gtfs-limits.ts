import { GtfsError } from './gtfs-error.js'

/**
 * How much of a feed Masar takes, so that a zip bomb or an endless download cannot fill the memory or the disk:
 * the zip (downloaded, or read whole into memory: see feed-source.ts), its entries, each file inflated and all of
 * them together. Counted on the bytes actually produced, not only on what the zip's headers claim.
 */
export interface GtfsLimits {
  /** GTFS_MAX_ZIP_BYTES: a feed's zip, downloaded or on disk. */
  maxZipBytes: number
  /** GTFS_MAX_ZIP_ENTRIES: entries (files and folders) in the zip. */
  maxZipEntries: number
  /** GTFS_MAX_FILE_BYTES: one file, uncompressed (a large city's stop_times.txt is about 1 GB). */
  maxFileBytes: number
  /** GTFS_MAX_UNCOMPRESSED_BYTES: the feed's files together, uncompressed. */
  maxUncompressedBytes: number
}

const MIB = 1024 * 1024

export const DEFAULT_GTFS_LIMITS: GtfsLimits = Object.freeze({
  maxZipBytes: 512 * MIB,
  maxZipEntries: 1000,
  maxFileBytes: 2048 * MIB,
  maxUncompressedBytes: 4096 * MIB,
})

const SETTINGS = {
  GTFS_MAX_ZIP_BYTES: 'maxZipBytes',
  GTFS_MAX_ZIP_ENTRIES: 'maxZipEntries',
  GTFS_MAX_FILE_BYTES: 'maxFileBytes',
  GTFS_MAX_UNCOMPRESSED_BYTES: 'maxUncompressedBytes',
} as const satisfies Record<string, keyof GtfsLimits>

/** The limits from the environment, parsed once (the CLI's main); every bad setting named in one error. */
export function loadGtfsLimits(env: Record<string, string | undefined>): GtfsLimits {
  const limits: GtfsLimits = { ...DEFAULT_GTFS_LIMITS }
  const bad: string[] = []
  for (const [name, key] of Object.entries(SETTINGS)) {
    const text = env[name]?.trim()
    if (!text) continue
    const value = Number(text)
    if (!Number.isSafeInteger(value) || value <= 0) bad.push(`${name}="${text}"`)
    else limits[key] = value
  }
  if (bad.length) throw new GtfsError('GTFS_LIMITS_INVALID', `Invalid GTFS limits: ${bad.join(', ')} (a positive whole number of bytes or entries)`)
  return limits
}

/** 1536 MiB, 12 KiB, 900 bytes: for messages. */
export function formatBytes(bytes: number): string {
  if (bytes >= MIB) return `${+(bytes / MIB).toFixed(1)} MiB`
  if (bytes >= 1024) return `${+(bytes / 1024).toFixed(1)} KiB`
  return `${bytes} bytes`
}
