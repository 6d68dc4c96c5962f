import { DRIVER_PATH } from '@masar/model/telemetry/source-endpoints'

/**
 * The set-up link of the Traccar Client app (Android and iOS), as a QR code or a link opened on the phone.
 *
 * Read in github:traccar/traccar-client at 2c5cd8f: the app registers the URL scheme `org.traccar.client`
 * (android/app/src/main/AndroidManifest.xml intent-filter, ios/Runner/Info.plist CFBundleURLSchemes), opens such a link
 * after asking "apply this configuration?" (lib/main.dart `_handleUri`), and its settings' QR scanner takes any URI with
 * a scheme (lib/qr_code_screen.dart). Both go to `ConfigurationService.applyUri` (lib/configuration_service.dart): for a
 * non-http scheme the server URL is the `url` query parameter, whole (so its own `?token=…` survives), and the
 * parameters `id`, `interval` (s), `distance`, `accuracy`… (lib/preferences.dart keys) are applied. An http(s) URL
 * would lose its query (the app keeps only origin + path): the token could not ride in it, hence the custom scheme.
 */
export const TRACCAR_CLIENT_SCHEME = 'org.traccar.client'

/**
 * How often the phone reports, s: the app's own default is 300 s, and Masar calls a bus stale after 60 s without a
 * fix; 10 s is what `npm run provision` gives an MQTT tracker (trackerConfiguration's reportEveryS).
 */
export const PHONE_REPORT_EVERY_S = 10

/** The server URL a phone sends to: the sources listener, with the phone's token (from npm run provision) when given. */
export function phoneServerUrl(sourcesUrl: string, token: string): string {
  const base = sourcesUrl.replace(/\/+$/, '')
  const trimmed = token.trim()
  return trimmed ? `${base}/?token=${encodeURIComponent(trimmed)}` : base
}

/** org.traccar.client://?id=bus-0001&url=http%3A%2F%2Fhost%3A5055&interval=10 */
export function traccarClientLink(options: { serverUrl: string; deviceId: string; intervalS?: number }): string {
  const query = [
    `id=${encodeURIComponent(options.deviceId)}`,
    `url=${encodeURIComponent(options.serverUrl)}`,
    `interval=${options.intervalS ?? PHONE_REPORT_EVERY_S}`,
  ].join('&')
  return `${TRACCAR_CLIENT_SCHEME}://?${query}`
}

/**
 * The page the driver opens on the same phone to say which trip the bus runs (ingest's sources listener, DRIVER_PATH):
 * the phone's device id and token, as the app sends them.
 */
export function driverPageUrl(sourcesUrl: string, deviceId: string, token: string): string {
  const query = new URLSearchParams({ id: deviceId })
  if (token.trim()) query.set('token', token.trim())
  return `${sourcesUrl.replace(/\/+$/, '')}${DRIVER_PATH}?${query}`
}
