/**
 * One trip on one service day, as a Map or Set key: what GTFS-Realtime names with trip_id and start_date, and what
 * a match, a prediction and a cancellation refer to. The service date is 'YYYY-MM-DD'; a run of a frequency-based
 * trip has its own trip id (`T1@07:05:00`), so it needs no start time here.
 */
export const tripKey = (serviceDate: string, tripId: string): string => `${serviceDate}\u0000${tripId}`
