import type { FastifyRequest } from 'fastify'

export type Lang = 'ar' | 'en'

/** The language of an answer for riders: `?lang=`, else English where Accept-Language puts it before Arabic, else Arabic. */
export function langOf(request: FastifyRequest<{ Querystring: { lang?: Lang } }>): Lang {
  if (request.query.lang) return request.query.lang
  const accept = String(request.headers['accept-language'] ?? '').toLowerCase()
  const ar = accept.indexOf('ar')
  const en = accept.indexOf('en')
  return en !== -1 && (ar === -1 || en < ar) ? 'en' : 'ar'
}
