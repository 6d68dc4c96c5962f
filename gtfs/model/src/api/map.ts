import { Type, type Static } from '@sinclair/typebox'
import { Obj } from './schema.js'

/** Where every map of the dashboard gets its MapLibre style: the api's own offline basemap, or MAP_STYLE_URL. */
export const MapSettingsResponse = Obj({
  styleUrl: Type.String({ minLength: 1, description: 'the MapLibre style drawn under the buses: /map/style.json (the basemap built from the active feed\'s shapes and stops, served by the api) unless MAP_STYLE_URL names another' }),
})
export type MapSettingsResponse = Static<typeof MapSettingsResponse>
