/**
 * Amman, the whole city in view: where a map looks before it knows better (the feed's bounds, the rider's place).
 * Its own module so the rider's home can use it without pulling the dispatch map's layers into the first load.
 */
export const AMMAN_CENTER: [number, number] = [35.91, 31.95]
export const AMMAN_ZOOM = 11
