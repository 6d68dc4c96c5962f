import { describe, expect, it } from 'vitest'
import { absoluteUrl, fleetMapOptions } from './fleet-map-options.js'

describe('the map\'s requests', () => {
  it('makes the basemap\'s paths absolute against the page (its workers have no base), other URLs unchanged', () => {
    const options = fleetMapOptions('map', '/map/style.json', 1, 'https://ops.example.org/dispatch?x=1')
    expect(options.transformRequest?.('/map/tiles/14/9804/6626.pbf?feed=3', 'Tile' as never)).toEqual({ url: 'https://ops.example.org/map/tiles/14/9804/6626.pbf?feed=3' })
    expect(absoluteUrl('https://tiles.example.org/a.json', 'http://127.0.0.1:8080/')).toBe('https://tiles.example.org/a.json')
    expect(absoluteUrl('/glyphs/noto/0-255.pbf', 'http://127.0.0.1:8080/')).toBe('http://127.0.0.1:8080/glyphs/noto/0-255.pbf')
  })

  it('leaves requests alone without a page (the benchmark)', () => {
    expect(fleetMapOptions('map', '/map/style.json', 1).transformRequest).toBeUndefined()
  })
})
