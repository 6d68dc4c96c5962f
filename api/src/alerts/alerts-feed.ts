import GtfsRealtimeBindings from 'gtfs-realtime-bindings'
import type { AlertText, StoredAlert } from './alerts.repository.js'

const { transit_realtime: rt } = GtfsRealtimeBindings

/** Arabic first, then English, each marked with its language (GTFS-Realtime TranslatedString). */
function translated(text: AlertText): GtfsRealtimeBindings.transit_realtime.ITranslatedString | undefined {
  const translation = (['ar', 'en'] as const).filter((lang) => text[lang]).map((language) => ({ text: text[language]!, language }))
  return translation.length ? { translation } : undefined
}

/** The GTFS-Realtime Alerts feed: every live alert, its entity id `alert-<id>` (stable across versions). */
export function buildAlertsFeed(alerts: readonly StoredAlert[], nowMs: number): GtfsRealtimeBindings.transit_realtime.FeedMessage {
  return rt.FeedMessage.fromObject({
    header: { gtfsRealtimeVersion: '2.0', incrementality: rt.FeedHeader.Incrementality.FULL_DATASET, timestamp: Math.floor(nowMs / 1000) },
    entity: alerts.map((alert) => ({
      id: `alert-${alert.alertId}`,
      alert: {
        activePeriod: alert.activePeriods,
        informedEntity: alert.informedEntities,
        cause: rt.Alert.Cause[alert.cause as keyof typeof rt.Alert.Cause] ?? rt.Alert.Cause.UNKNOWN_CAUSE,
        effect: rt.Alert.Effect[alert.effect as keyof typeof rt.Alert.Effect] ?? rt.Alert.Effect.UNKNOWN_EFFECT,
        headerText: translated(alert.headerText),
        descriptionText: translated(alert.descriptionText),
        url: translated(alert.url),
      },
    })),
  })
}
