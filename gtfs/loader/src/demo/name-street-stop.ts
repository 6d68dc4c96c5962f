import type { Street } from './amman-streets.js'
import { pickOne, type Random } from '@masar/model/random/seeded-random'

/** Kinds of landmark a stop between two places is named for ({name} is replaced). */
const LANDMARK_KINDS = [
  { ar: 'مسجد {name}', en: '{name} Mosque' },
  { ar: 'مدرسة {name}', en: '{name} School' },
  { ar: 'مخابز {name}', en: '{name} Bakery' },
  { ar: 'صيدلية {name}', en: '{name} Pharmacy' },
  { ar: 'مجمع {name} التجاري', en: '{name} Commercial Complex' },
  { ar: 'إشارة {name}', en: '{name} Traffic Lights' },
  { ar: 'حديقة {name}', en: '{name} Park' },
  { ar: 'سوق {name}', en: '{name} Market' },
  { ar: 'محطة محروقات {name}', en: '{name} Petrol Station' },
  { ar: 'عمارة {name}', en: '{name} Building' },
  { ar: 'مركز {name} الصحي', en: '{name} Health Centre' },
] as const

const LANDMARK_NAMES = [
  { ar: 'النور', en: 'Al-Nour' },
  { ar: 'الهدى', en: 'Al-Huda' },
  { ar: 'الرحمة', en: 'Al-Rahma' },
  { ar: 'السلام', en: 'Al-Salam' },
  { ar: 'الأمل', en: 'Al-Amal' },
  { ar: 'القدس', en: 'Al-Quds' },
  { ar: 'الياسمين', en: 'Al-Yasmeen' },
  { ar: 'الزهراء', en: 'Al-Zahraa' },
  { ar: 'الأندلس', en: 'Al-Andalus' },
  { ar: 'الكرمل', en: 'Al-Karmel' },
  { ar: 'الروضة', en: 'Al-Rawda' },
  { ar: 'الفرقان', en: 'Al-Furqan' },
  { ar: 'التقوى', en: 'Al-Taqwa' },
  { ar: 'الرضوان', en: 'Al-Ridwan' },
  { ar: 'البركة', en: 'Al-Baraka' },
  { ar: 'الصفا', en: 'Al-Safa' },
  { ar: 'الريان', en: 'Al-Rayyan' },
  { ar: 'النخيل', en: 'Al-Nakheel' },
  { ar: 'الزيتون', en: 'Al-Zaytoun' },
  { ar: 'الشروق', en: 'Al-Shurouq' },
  { ar: 'الفجر', en: 'Al-Fajr' },
  { ar: 'اليرموك', en: 'Al-Yarmouk' },
  { ar: 'الكوثر', en: 'Al-Kawthar' },
  { ar: 'السنابل', en: 'Al-Sanabel' },
  { ar: 'الوفاء', en: 'Al-Wafa' },
  { ar: 'الإيمان', en: 'Al-Iman' },
  { ar: 'البتراء', en: 'Al-Batra' },
  { ar: 'الحسين', en: 'Al-Hussein' },
] as const

export interface StopName {
  nameAr: string
  nameEn: string
}

const MAX_ATTEMPTS = 20

/**
 * A name for a stop on a street between two named places: a landmark and the street
 * ("مسجد النور - شارع الجيش" / "Al-Nour Mosque, Al-Jaish St"). Names already in `taken` (Arabic) are avoided; when
 * the vocabulary runs out a number is added. The chosen Arabic name is added to `taken`.
 */
export function nameStreetStop(random: Random, street: Street, taken: Set<string>): StopName {
  let name: StopName | null = null
  for (let attempt = 0; attempt < MAX_ATTEMPTS && name === null; attempt++) {
    const kind = pickOne(random, LANDMARK_KINDS)
    const landmark = pickOne(random, LANDMARK_NAMES)
    const candidate = {
      nameAr: `${kind.ar.replace('{name}', landmark.ar)} - ${street.nameAr}`,
      nameEn: `${kind.en.replace('{name}', landmark.en)}, ${street.nameEn}`,
    }
    if (!taken.has(candidate.nameAr)) name = candidate
  }
  if (name === null) {
    const numbered = `${street.nameAr} - ${taken.size + 1}`
    name = { nameAr: numbered, nameEn: `${street.nameEn}, stop ${taken.size + 1}` }
  }
  taken.add(name.nameAr)
  return name
}
