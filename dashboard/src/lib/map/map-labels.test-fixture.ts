/** Three stops of downtown Amman, named as the api gives them for `?lang=ar` and `?lang=en`: shared by the test page and its test. */
export const LABELLED_STOPS = [
  { stopId: 'downtown', ar: 'وسط البلد', en: 'Downtown', lon: 35.9345, lat: 31.9522 },
  { stopId: 'rainbow', ar: 'شارع الرينبو', en: 'Rainbow Street', lon: 35.9282, lat: 31.9498 },
  { stopId: 'first-circle', ar: 'الدوار الأول', en: 'First Circle', lon: 35.9228, lat: 31.9532 },
] as const

export type LabelLang = 'ar' | 'en'
