/**
 * The page a driver's phone opens from the bus's QR code (the same code that set up Traccar Client): which trip the
 * bus runs, declared until the driver ends it. Plain HTML, a form and no script: it works on any phone's browser.
 * Arabic first (right to left); English when the phone prefers it or ?lang=en.
 */
export type DriverPageLanguage = 'ar' | 'en'

const TEXT = {
  ar: {
    title: 'رحلة الحافلة', bus: 'الحافلة', trip: 'رقم الرحلة', start: 'أبدأ هذه الرحلة', end: 'أنهيت الرحلة',
    current: 'الرحلة المعلنة الآن', none: 'لا رحلة معلنة: يُستدل على الرحلة من موقع الحافلة.',
    started: 'تم: ستُنسب مواقع الحافلة إلى هذه الرحلة حتى تنهيها.', ended: 'تم: أُنهيت الرحلة المعلنة.',
    other: 'English', otherLang: 'en',
  },
  en: {
    title: 'Bus trip', bus: 'Bus', trip: 'Trip id', start: 'Start this trip', end: 'I have ended the trip',
    current: 'Trip declared now', none: 'No trip declared: Masar infers it from where the bus goes.',
    started: 'Done: the bus\'s positions count for this trip until you end it.', ended: 'Done: the declared trip is ended.',
    other: 'العربية', otherLang: 'ar',
  },
} as const

const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)

/** The language of the page: ?lang= if given, else the first of Accept-Language that is Arabic or English. */
export function driverPageLanguage(query: string | undefined, acceptLanguage: string | undefined): DriverPageLanguage {
  if (query === 'en' || query === 'ar') return query
  for (const part of (acceptLanguage ?? '').split(',')) {
    const tag = part.trim().slice(0, 2).toLowerCase()
    if (tag === 'ar' || tag === 'en') return tag
  }
  return 'ar'
}

export function driverPage(options: { lang: DriverPageLanguage; deviceId: string; token: string; vehicleId: string; declaredTripId: string | undefined; status: 'started' | 'ended' | null; action: string }): string {
  const t = TEXT[options.lang]
  const hidden = `<input type="hidden" name="id" value="${escapeHtml(options.deviceId)}"><input type="hidden" name="token" value="${escapeHtml(options.token)}"><input type="hidden" name="lang" value="${options.lang}">`
  const otherUrl = `?id=${encodeURIComponent(options.deviceId)}&token=${encodeURIComponent(options.token)}&lang=${t.otherLang}`
  return `<!doctype html>
<html lang="${options.lang}" dir="${options.lang === 'ar' ? 'rtl' : 'ltr'}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${t.title} · ${escapeHtml(options.vehicleId)}</title>
<style>body{font:18px/1.5 system-ui,sans-serif;margin:0 auto;max-width:32rem;padding:1rem;color:#111;background:#fff}h1{font-size:1.4rem}
label{display:block;margin:1rem 0 .25rem;font-weight:600}input[type=text]{font:inherit;width:100%;box-sizing:border-box;padding:.6rem;border:2px solid #555;border-radius:.4rem}
button{font:inherit;width:100%;margin-top:.75rem;padding:.8rem;border-radius:.4rem;border:0;background:#0b5d3b;color:#fff}button.end{background:#8a1c1c}
p.status{padding:.6rem;border:2px solid #0b5d3b;border-radius:.4rem}a{color:#0b4f8a}</style></head>
<body><main>
<p><a href="${otherUrl}" lang="${t.otherLang}">${t.other}</a></p>
<h1>${t.title}: ${t.bus} <bdi>${escapeHtml(options.vehicleId)}</bdi></h1>
${options.status ? `<p class="status" role="status">${options.status === 'started' ? t.started : t.ended}</p>` : ''}
<p>${options.declaredTripId ? `${t.current}: <strong dir="ltr">${escapeHtml(options.declaredTripId)}</strong>` : t.none}</p>
<form method="post" action="${options.action}">${hidden}<input type="hidden" name="action" value="start">
<label for="trip">${t.trip}</label><input type="text" id="trip" name="tripId" required maxlength="255" dir="ltr" autocomplete="off" value="${escapeHtml(options.declaredTripId ?? '')}">
<button type="submit">${t.start}</button></form>
${options.declaredTripId ? `<form method="post" action="${options.action}">${hidden}<input type="hidden" name="action" value="end"><button type="submit" class="end">${t.end}</button></form>` : ''}
</main></body></html>
`
}
