import { Protocol } from 'pmtiles'

/**
 * The `pmtiles://` protocol, so a style may draw a PMTiles archive (a city's Protomaps build, MAP_PMTILES) that the
 * api serves from its own origin: MapLibre asks the protocol, which reads the archive's header, directories and
 * tiles with HTTP range requests. Once per page: every map of the page shares it.
 */
export interface ProtocolApi {
  addProtocol(name: string, handler: Protocol['tile']): void
}

const registered = new WeakSet<ProtocolApi>()

export function usePmtilesProtocol(maplibregl: ProtocolApi): void {
  if (registered.has(maplibregl)) return
  registered.add(maplibregl)
  maplibregl.addProtocol('pmtiles', new Protocol().tile)
}
