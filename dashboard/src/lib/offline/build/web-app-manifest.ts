import { ar } from '../../i18n/messages-ar.js'
import { en } from '../../i18n/messages-en.js'

/** The icons the manifest names (drawn by make-icon-png.ts at build time). */
export const ICON_SIZES = [192, 512] as const
export const THEME_COLOUR = '#0b4f6c'

/**
 * The web app manifest (https://www.w3.org/TR/appmanifest/): installable, opening on the rider's home page in its
 * own window; named in Arabic first and English beside it, from the catalogs.
 */
export function webAppManifest(): Record<string, unknown> {
  return {
    name: `${String(ar['app.name'])} · ${String(en['app.name'])}`,
    short_name: String(ar['app.name']),
    description: `${String(ar['app.tagline'])} · ${String(en['app.tagline'])}`,
    lang: 'ar',
    dir: 'rtl',
    id: '/',
    start_url: '/',
    scope: '/',
    display: 'standalone',
    background_color: '#ffffff',
    theme_color: THEME_COLOUR,
    icons: ICON_SIZES.map((size) => ({ src: `/icons/icon-${size}.png`, sizes: `${size}x${size}`, type: 'image/png', purpose: 'any maskable' })),
  }
}
