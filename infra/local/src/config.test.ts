import { describe, expect, it } from 'vitest'
import { loadLocalConfig } from './config.js'

/**
 * Issue #17: `npm start` with MASAR_SIMULATOR=false was offered for a real deployment, on the embedded database and
 * broker, which take no login. Under NODE_ENV=production it must refuse them.
 */
describe('loadLocalConfig under NODE_ENV=production', () => {
  it('refuses the embedded database and broker, naming each', () => {
    expect(() => loadLocalConfig({ NODE_ENV: 'production', MASAR_SIMULATOR: 'false' })).toThrow(/NODE_ENV=production.*DATABASE_URL.*MQTT_URL.*take no login/)
    expect(() => loadLocalConfig({ NODE_ENV: 'production', DATABASE_URL: 'postgres://db/masar' })).toThrow(/MQTT_URL \(the embedded broker\)/)
    expect(() => loadLocalConfig({ NODE_ENV: 'production', MQTT_URL: 'mqtts://broker:8883' })).toThrow(/DATABASE_URL \(the embedded database\)/)
  })

  it('runs on real servers', () => {
    const config = loadLocalConfig({ NODE_ENV: 'production', DATABASE_URL: 'postgres://db/masar', MQTT_URL: 'mqtts://broker:8883', MASAR_SIMULATOR: 'false' })
    expect(config.production).toBe(true)
  })

  it('leaves development as it was: embedded servers without NODE_ENV', () => {
    expect(loadLocalConfig({}).production).toBe(false)
    expect(loadLocalConfig({ NODE_ENV: 'development' }).db.url).toBeUndefined()
  })
})

describe('loadLocalConfig: a feed of one\'s own and a replayed trace (issue #18)', () => {
  it('reads MASAR_FEED and MASAR_REPLAY, the replay from an instant', () => {
    const config = loadLocalConfig({ MASAR_FEED: '/feeds/amman-brt', MASAR_REPLAY: '/traces/amman.csv.gz', MASAR_REPLAY_FROM: '2025-11-20T07:00:00+03:00' })
    expect(config.feedPath).toBe('/feeds/amman-brt')
    expect(config.replay).toEqual({ path: '/traces/amman.csv.gz', fromMs: Date.parse('2025-11-20T04:00:00Z') })
    expect(loadLocalConfig({}).replay).toBeNull()
    expect(loadLocalConfig({ MASAR_REPLAY: 't.csv' }).replay).toEqual({ path: 't.csv', fromMs: null })
  })

  it('refuses a replay start that is not an instant, saying what it wants (once)', () => {
    expect(() => loadLocalConfig({ MASAR_REPLAY: 't.csv', MASAR_REPLAY_FROM: 'tuesday' })).toThrow(/^Invalid configuration: MASAR_REPLAY_FROM must be an ISO instant .*got "tuesday"$/)
  })
})
