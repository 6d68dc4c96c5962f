/**
 * Real places of Greater Amman that the demo routes join: terminals, circles, districts. Coordinates are
 * approximate (to a hundred metres or so), read off public maps; good for a believable demo, not for navigation.
 * Each becomes one stop shared by every route that passes it.
 */
export interface AmmanPlace {
  nameAr: string
  nameEn: string
  lat: number
  lon: number
}

export const AMMAN_PLACES = {
  'sweileh': { nameAr: 'مجمع صويلح', nameEn: 'Sweileh Terminal', lat: 32.0223, lon: 35.8405 },
  'jordan-university': { nameAr: 'الجامعة الأردنية', nameEn: 'University of Jordan', lat: 32.0135, lon: 35.8725 },
  'sahafa': { nameAr: 'إشارة الصحافة', nameEn: 'Al-Sahafa Intersection', lat: 32.001, lon: 35.883 },
  'sports-city': { nameAr: 'المدينة الرياضية', nameEn: 'Sports City', lat: 31.9865, lon: 35.8975 },
  'dakhiliyeh': { nameAr: 'دوار الداخلية', nameEn: 'Interior Ministry Circle', lat: 31.97, lon: 35.9105 },
  'abdali': { nameAr: 'مجمع العبدلي', nameEn: 'Abdali Terminal', lat: 31.9625, lon: 35.911 },
  'ras-al-ain': { nameAr: 'رأس العين - متحف الأردن', nameEn: 'Ras Al-Ain, Jordan Museum', lat: 31.9465, lon: 35.9262 },
  'jabal-al-hussein': { nameAr: 'دوار فراس - جبل الحسين', nameEn: 'Firas Circle, Jabal Al-Hussein', lat: 31.9695, lon: 35.9215 },
  'mahatta': { nameAr: 'مجمع المحطة', nameEn: 'Al-Mahatta Terminal', lat: 31.966, lon: 35.953 },
  'weibdeh': { nameAr: 'جبل اللويبدة', nameEn: 'Jabal Al-Weibdeh', lat: 31.9585, lon: 35.924 },
  'balad': { nameAr: 'وسط البلد - المسجد الحسيني', nameEn: 'Downtown (Al-Balad), Al-Husseini Mosque', lat: 31.9517, lon: 35.9348 },
  'raghadan': { nameAr: 'مجمع رغدان', nameEn: 'Raghadan Terminal', lat: 31.953, lon: 35.941 },
  'ashrafiyeh': { nameAr: 'الأشرفية', nameEn: 'Al-Ashrafiyeh', lat: 31.942, lon: 35.934 },
  'wehdat': { nameAr: 'مجمع الجنوب - الوحدات', nameEn: 'South Terminal, Al-Wehdat', lat: 31.932, lon: 35.942 },
  'quwaismeh': { nameAr: 'القويسمة', nameEn: 'Al-Quwaismeh', lat: 31.915, lon: 35.945 },
  'hashmi': { nameAr: 'الهاشمي الشمالي', nameEn: 'Al-Hashmi Al-Shamali', lat: 31.9765, lon: 35.96 },
  'marka': { nameAr: 'ماركا الشمالية', nameEn: 'Marka Al-Shamaliyeh', lat: 31.9845, lon: 35.9815 },
  'jabal-al-taj': { nameAr: 'جبل التاج', nameEn: 'Jabal Al-Taj', lat: 31.954, lon: 35.956 },
  'tabarbour': { nameAr: 'مجمع الشمال - طبربور', nameEn: 'North Terminal, Tabarbour', lat: 32.0005, lon: 35.9445 },
  'tareq': { nameAr: 'طارق', nameEn: 'Tareq', lat: 32.0165, lon: 35.933 },
  'shafa-badran': { nameAr: 'شفا بدران', nameEn: 'Shafa Badran', lat: 32.0545, lon: 35.9085 },
  'abu-nseir': { nameAr: 'دوار أبو نصير', nameEn: 'Abu Nseir Circle', lat: 32.0455, lon: 35.88 },
  'shmeisani': { nameAr: 'الشميساني', nameEn: 'Shmeisani', lat: 31.972, lon: 35.8995 },
  'gardens': { nameAr: 'شارع الجاردنز', nameEn: 'Gardens Street', lat: 31.9845, lon: 35.8755 },
  'tla-al-ali': { nameAr: 'تلاع العلي', nameEn: "Tla' Al-Ali", lat: 31.9935, lon: 35.8665 },
  'khalda': { nameAr: 'خلدا', nameEn: 'Khalda', lat: 31.9975, lon: 35.8455 },
  'rasheed': { nameAr: 'ضاحية الرشيد', nameEn: 'Dahiyat Al-Rasheed', lat: 32.02, lon: 35.888 },
  'jubeiha': { nameAr: 'الجبيهة', nameEn: 'Al-Jubeiha', lat: 32.027, lon: 35.877 },
  'circle-1': { nameAr: 'الدوار الأول - جبل عمّان', nameEn: '1st Circle, Jabal Amman', lat: 31.9516, lon: 35.9228 },
  'circle-2': { nameAr: 'الدوار الثاني', nameEn: '2nd Circle', lat: 31.9548, lon: 35.9128 },
  'circle-3': { nameAr: 'الدوار الثالث', nameEn: '3rd Circle', lat: 31.956, lon: 35.9015 },
  'circle-4': { nameAr: 'الدوار الرابع', nameEn: '4th Circle', lat: 31.9568, lon: 35.8885 },
  'circle-5': { nameAr: 'الدوار الخامس', nameEn: '5th Circle', lat: 31.9592, lon: 35.8745 },
  'circle-6': { nameAr: 'الدوار السادس', nameEn: '6th Circle', lat: 31.9575, lon: 35.864 },
  'circle-7': { nameAr: 'الدوار السابع', nameEn: '7th Circle', lat: 31.9537, lon: 35.857 },
  'circle-8': { nameAr: 'الدوار الثامن', nameEn: '8th Circle', lat: 31.9595, lon: 35.841 },
  'airport-dunes': { nameAr: 'طريق المطار - جسر الديونز', nameEn: 'Airport Road, Dunes Bridge', lat: 31.923, lon: 35.86 },
  'airport-madaba': { nameAr: 'طريق المطار - جسر مادبا', nameEn: 'Airport Road, Madaba Bridge', lat: 31.893, lon: 35.868 },
  'marj-al-hamam': { nameAr: 'مرج الحمام', nameEn: 'Marj Al-Hamam', lat: 31.895, lon: 35.833 },
  'hay-nazzal': { nameAr: 'حي نزال', nameEn: 'Hay Nazzal', lat: 31.933, lon: 35.918 },
  'muqabalein': { nameAr: 'المقابلين', nameEn: 'Al-Muqabalein', lat: 31.9105, lon: 35.914 },
  'abu-alanda': { nameAr: 'أبو علندا', nameEn: 'Abu Alanda', lat: 31.904, lon: 35.972 },
  'sahab': { nameAr: 'سحاب', nameEn: 'Sahab', lat: 31.871, lon: 36.004 },
  'jabal-al-nasr': { nameAr: 'جبل النصر', nameEn: 'Jabal Al-Nasr', lat: 31.968, lon: 35.972 },
  'abdoun': { nameAr: 'دوار عبدون', nameEn: 'Abdoun Circle', lat: 31.944, lon: 35.884 },
  'wadi-saqra': { nameAr: 'إشارة وادي صقرة', nameEn: 'Wadi Saqra Intersection', lat: 31.962, lon: 35.893 },
  'um-uthaina': { nameAr: 'أم أذينة', nameEn: 'Um Uthaina', lat: 31.97, lon: 35.873 },
  'mecca-street': { nameAr: 'شارع مكة - مكة مول', nameEn: 'Mecca Street, Mecca Mall', lat: 31.976, lon: 35.856 },
  'medical-city': { nameAr: 'دوار المدينة الطبية', nameEn: 'Medical City Circle', lat: 31.9815, lon: 35.842 },
  'bayader': { nameAr: 'بيادر وادي السير', nameEn: 'Bayader Wadi Al-Seer', lat: 31.9565, lon: 35.832 },
  'wadi-al-seer': { nameAr: 'وادي السير', nameEn: 'Wadi Al-Seer', lat: 31.9525, lon: 35.815 },
  'dabouq': { nameAr: 'دابوق', nameEn: 'Dabouq', lat: 31.987, lon: 35.827 },
  'nuzha': { nameAr: 'جبل النزهة', nameEn: 'Jabal Al-Nuzha', lat: 31.977, lon: 35.932 },
  'ain-ghazal': { nameAr: 'عين غزال', nameEn: 'Ain Ghazal', lat: 31.988, lon: 35.97 },
} as const satisfies Record<string, AmmanPlace>

export type PlaceKey = keyof typeof AMMAN_PLACES
