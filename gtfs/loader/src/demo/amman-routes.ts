import type { PlaceKey } from './amman-places.js'

/**
 * The demo network: 28 routes of Greater Amman. Each runs from its first place to its last and back along the same
 * streets. `peakHeadwayMinutes` is the wish; the schedule then sets each route's peak bus count so that the whole
 * fleet at the weekday peak is exactly the 206 buses of the Greater Amman Municipality.
 */
export interface AmmanRoute {
  routeId: string
  shortName: string
  longNameAr: string
  longNameEn: string
  places: readonly PlaceKey[]
  peakHeadwayMinutes: number
  /** Driving speed between stops in free-flowing traffic (traffic factor 1); dwells and the hour's traffic come on top (running-times.ts). */
  freeFlowSpeedKmh: number
  /** Run to a headway, not a timetable (frequencies.txt exact_times 0): the BRT, whose riders do not look up times. */
  runToHeadway: boolean
  color: string
}

const BRT_COLOR = '00833E'
const BUS_COLORS = ['C8102E', '0057B8', 'F2A900', '6D2077', '00A3AD', 'E35205', '7A9A01', '8B5B29']

interface RouteLine {
  shortName: string
  longNameAr: string
  longNameEn: string
  places: readonly PlaceKey[]
  peakHeadwayMinutes: number
}

const BRT_LINES: readonly RouteLine[] = [
  {
    shortName: 'BRT1',
    longNameAr: 'الباص السريع: صويلح - رأس العين',
    longNameEn: 'BRT: Sweileh - Ras Al-Ain',
    places: ['sweileh', 'jordan-university', 'sahafa', 'sports-city', 'dakhiliyeh', 'abdali', 'ras-al-ain'],
    peakHeadwayMinutes: 4,
  },
  {
    shortName: 'BRT2',
    longNameAr: 'الباص السريع: صويلح - المحطة',
    longNameEn: 'BRT: Sweileh - Al-Mahatta',
    places: ['sweileh', 'jordan-university', 'sahafa', 'sports-city', 'dakhiliyeh', 'jabal-al-hussein', 'mahatta'],
    peakHeadwayMinutes: 5,
  },
]

const BUS_LINES: readonly RouteLine[] = [
  { shortName: '10', longNameAr: 'العبدلي - رغدان', longNameEn: 'Abdali - Raghadan', places: ['abdali', 'weibdeh', 'balad', 'raghadan'], peakHeadwayMinutes: 6 },
  { shortName: '11', longNameAr: 'رغدان - القويسمة', longNameEn: 'Raghadan - Al-Quwaismeh', places: ['raghadan', 'ashrafiyeh', 'wehdat', 'quwaismeh'], peakHeadwayMinutes: 8 },
  { shortName: '12', longNameAr: 'المحطة - ماركا', longNameEn: 'Al-Mahatta - Marka', places: ['mahatta', 'hashmi', 'marka'], peakHeadwayMinutes: 8 },
  { shortName: '13', longNameAr: 'رغدان - طبربور', longNameEn: 'Raghadan - Tabarbour', places: ['raghadan', 'jabal-al-taj', 'hashmi', 'tabarbour'], peakHeadwayMinutes: 10 },
  { shortName: '14', longNameAr: 'طبربور - أبو نصير', longNameEn: 'Tabarbour - Abu Nseir', places: ['tabarbour', 'tareq', 'shafa-badran', 'abu-nseir'], peakHeadwayMinutes: 15 },
  { shortName: '15', longNameAr: 'العبدلي - خلدا', longNameEn: 'Abdali - Khalda', places: ['abdali', 'shmeisani', 'sports-city', 'gardens', 'tla-al-ali', 'khalda'], peakHeadwayMinutes: 8 },
  { shortName: '16', longNameAr: 'العبدلي - الجبيهة', longNameEn: 'Abdali - Al-Jubeiha', places: ['abdali', 'dakhiliyeh', 'sports-city', 'sahafa', 'rasheed', 'jubeiha'], peakHeadwayMinutes: 10 },
  { shortName: '17', longNameAr: 'وسط البلد - الدوار السابع', longNameEn: 'Downtown - 7th Circle', places: ['balad', 'circle-1', 'circle-2', 'circle-3', 'circle-4', 'circle-5', 'circle-6', 'circle-7'], peakHeadwayMinutes: 7 },
  { shortName: '18', longNameAr: 'الدوار السابع - مرج الحمام', longNameEn: '7th Circle - Marj Al-Hamam', places: ['circle-7', 'airport-dunes', 'airport-madaba', 'marj-al-hamam'], peakHeadwayMinutes: 12 },
  { shortName: '19', longNameAr: 'رأس العين - المقابلين', longNameEn: 'Ras Al-Ain - Al-Muqabalein', places: ['ras-al-ain', 'hay-nazzal', 'muqabalein'], peakHeadwayMinutes: 10 },
  { shortName: '20', longNameAr: 'مجمع الجنوب - سحاب', longNameEn: 'South Terminal - Sahab', places: ['wehdat', 'quwaismeh', 'abu-alanda', 'sahab'], peakHeadwayMinutes: 12 },
  { shortName: '21', longNameAr: 'المحطة - سحاب', longNameEn: 'Al-Mahatta - Sahab', places: ['mahatta', 'jabal-al-nasr', 'abu-alanda', 'sahab'], peakHeadwayMinutes: 15 },
  { shortName: '22', longNameAr: 'العبدلي - عبدون', longNameEn: 'Abdali - Abdoun', places: ['abdali', 'circle-3', 'abdoun'], peakHeadwayMinutes: 12 },
  { shortName: '23', longNameAr: 'وادي صقرة - صويلح', longNameEn: 'Wadi Saqra - Sweileh', places: ['wadi-saqra', 'um-uthaina', 'mecca-street', 'medical-city', 'khalda', 'sweileh'], peakHeadwayMinutes: 10 },
  { shortName: '24', longNameAr: 'الدوار السابع - وادي السير', longNameEn: '7th Circle - Wadi Al-Seer', places: ['circle-7', 'circle-8', 'bayader', 'wadi-al-seer'], peakHeadwayMinutes: 10 },
  { shortName: '25', longNameAr: 'رغدان - الشميساني', longNameEn: 'Raghadan - Shmeisani', places: ['raghadan', 'balad', 'weibdeh', 'jabal-al-hussein', 'shmeisani'], peakHeadwayMinutes: 10 },
  { shortName: '26', longNameAr: 'المدينة الرياضية - طبربور', longNameEn: 'Sports City - Tabarbour', places: ['sports-city', 'jabal-al-hussein', 'nuzha', 'tabarbour'], peakHeadwayMinutes: 10 },
  { shortName: '27', longNameAr: 'الجامعة الأردنية - أبو نصير', longNameEn: 'University of Jordan - Abu Nseir', places: ['jordan-university', 'jubeiha', 'abu-nseir'], peakHeadwayMinutes: 10 },
  { shortName: '28', longNameAr: 'صويلح - بيادر وادي السير', longNameEn: 'Sweileh - Bayader Wadi Al-Seer', places: ['sweileh', 'khalda', 'dabouq', 'bayader'], peakHeadwayMinutes: 12 },
  { shortName: '29', longNameAr: 'طبربور - ماركا', longNameEn: 'Tabarbour - Marka', places: ['tabarbour', 'ain-ghazal', 'marka'], peakHeadwayMinutes: 15 },
  { shortName: '30', longNameAr: 'الدوار السابع - المقابلين', longNameEn: '7th Circle - Al-Muqabalein', places: ['circle-7', 'abdoun', 'hay-nazzal', 'muqabalein'], peakHeadwayMinutes: 15 },
  { shortName: '31', longNameAr: 'العبدلي - تلاع العلي', longNameEn: "Abdali - Tla' Al-Ali", places: ['abdali', 'wadi-saqra', 'um-uthaina', 'tla-al-ali'], peakHeadwayMinutes: 10 },
  { shortName: '32', longNameAr: 'رغدان - ماركا', longNameEn: 'Raghadan - Marka', places: ['raghadan', 'jabal-al-taj', 'jabal-al-nasr', 'marka'], peakHeadwayMinutes: 12 },
  { shortName: '33', longNameAr: 'صويلح - أبو نصير', longNameEn: 'Sweileh - Abu Nseir', places: ['sweileh', 'jubeiha', 'abu-nseir'], peakHeadwayMinutes: 15 },
  { shortName: '34', longNameAr: 'وادي صقرة - طريق المطار', longNameEn: 'Wadi Saqra - Airport Road', places: ['wadi-saqra', 'circle-4', 'abdoun', 'airport-dunes', 'airport-madaba'], peakHeadwayMinutes: 15 },
  { shortName: '35', longNameAr: 'العبدلي - المدينة الطبية', longNameEn: 'Abdali - Medical City', places: ['abdali', 'shmeisani', 'um-uthaina', 'mecca-street', 'medical-city'], peakHeadwayMinutes: 10 },
]

export const AMMAN_ROUTES: readonly AmmanRoute[] = [
  ...BRT_LINES.map((line) => ({ ...line, routeId: line.shortName, freeFlowSpeedKmh: 27, runToHeadway: true, color: BRT_COLOR })),
  ...BUS_LINES.map((line, i) => ({
    ...line,
    routeId: `R${line.shortName}`,
    freeFlowSpeedKmh: 22,
    runToHeadway: false,
    color: BUS_COLORS[i % BUS_COLORS.length]!,
  })),
]
