import { isReadFile, REQUIRED_FILES, UNREAD_GTFS_FILES } from './gtfs-files.js'
import type { ValidationContext } from './validation-context.js'

/**
 * Which files the feed has: required ones missing (GTFS reference, "Dataset Files": agency, stops, routes, trips,
 * stop_times required; calendar.txt "Conditionally Required: Required unless all dates of service are defined in
 * calendar_dates.txt"), shapes.txt absent, and files Masar will not read. Returns those ignored files.
 */
export function checkFileSet(ctx: ValidationContext): string[] {
  const { presentFiles, log } = ctx
  for (const fileName of REQUIRED_FILES) {
    if (!presentFiles.has(fileName)) log.report('GTFS_MISSING_FILE', fileName, null, `the feed has no ${fileName}, which GTFS requires (feed: ${ctx.source.name}): add it`)
  }
  if (!presentFiles.has('calendar.txt') && !presentFiles.has('calendar_dates.txt')) {
    log.report('GTFS_MISSING_FILE', 'calendar.txt', null, `the feed has neither calendar.txt nor calendar_dates.txt (feed: ${ctx.source.name}): add one to say when trips run`)
  }
  if (!presentFiles.has('shapes.txt')) {
    log.report('GTFS_SHAPES_MISSING', 'shapes.txt', null, 'the feed has no shapes.txt: trip shapes will be derived from stop coordinates')
  }
  const ignored = [...presentFiles].filter((fileName) => !isReadFile(fileName)).sort()
  for (const fileName of ignored) {
    const why = UNREAD_GTFS_FILES.has(fileName) ? 'is a GTFS file Masar does not read' : 'is not a file GTFS defines'
    log.report('GTFS_IGNORED_FILE', fileName, null, `${fileName} ${why}; it is ignored`)
  }
  return ignored
}
