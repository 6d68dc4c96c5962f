import { describe, expect, it } from 'vitest'
import { createIssueLog } from './issue-log.js'

describe('createIssueLog', () => {
  it('takes the severity from the code and prefixes messages with file and line', () => {
    const log = createIssueLog({ maxStoredErrors: 10, warningSamplesPerCode: 10 })
    log.report('GTFS_UNKNOWN_REFERENCE', 'stop_times.txt', 1234, 'stop_id "S99" is not in stops.txt')
    log.report('GTFS_SHAPES_MISSING', 'shapes.txt', null, 'the feed has no shapes.txt')
    expect(log.errors).toEqual([
      { code: 'GTFS_UNKNOWN_REFERENCE', severity: 'error', file: 'stop_times.txt', line: 1234, message: 'stop_times.txt line 1234: stop_id "S99" is not in stops.txt' },
    ])
    expect(log.warningSamples).toEqual([
      { code: 'GTFS_SHAPES_MISSING', severity: 'warning', file: 'shapes.txt', line: null, message: 'shapes.txt: the feed has no shapes.txt' },
    ])
  })

  it('counts every issue but keeps only the first errors and a few warnings per code', () => {
    const log = createIssueLog({ maxStoredErrors: 2, warningSamplesPerCode: 1 })
    for (let line = 2; line < 7; line++) {
      log.report('GTFS_BAD_TIME', 'stop_times.txt', line, 'bad')
      log.report('GTFS_UNUSED_STOP', 'stops.txt', line, 'unused')
      log.report('GTFS_UNUSED_SHAPE', 'shapes.txt', line, 'unused')
    }
    expect(log.errorCount).toBe(5)
    expect(log.errors.map((e) => e.line)).toEqual([2, 3])
    expect(log.warningCountsByCode).toEqual({ GTFS_UNUSED_STOP: 5, GTFS_UNUSED_SHAPE: 5 })
    expect(log.warningSamples.map((w) => [w.code, w.line])).toEqual([['GTFS_UNUSED_STOP', 2], ['GTFS_UNUSED_SHAPE', 2]])
  })
})
