import type { MessageKey } from '../i18n/catalog.js'
import type { Params } from '../i18n/translate.js'
import { headwayWords } from './headway-words.js'
import type { LadderBus } from './ladder-lines.js'

/** The ladder's buses as words, for its table (screen readers) and its bunched flags. */
type Translate = (key: MessageKey, params?: Params) => string

const km = (metres: number) => (Math.max(0, metres) / 1000).toFixed(1)

export function describePosition(bus: Pick<LadderBus, 'distanceM' | 'afterStopName'>, t: Translate): string {
  return bus.afterStopName === null ? t('ladder.positionStart', { km: km(bus.distanceM) }) : t('ladder.position', { km: km(bus.distanceM), stop: bus.afterStopName })
}

export function describeBehind(bus: Pick<LadderBus, 'aheadVehicleId' | 'behindAheadS'>, t: Translate): string {
  if (bus.aheadVehicleId === null) return t('ladder.leading')
  if (bus.behindAheadS === null) return t('ladder.behindUnknown')
  return t('ladder.behind', { time: headwayWords(bus.behindAheadS, t), ahead: bus.aheadVehicleId })
}

/** One line per bunched bus; nothing for the others. */
export function bunchedFlags(buses: readonly LadderBus[], t: Translate): string[] {
  return buses.filter((b) => b.bunched && b.aheadVehicleId !== null && b.behindAheadS !== null)
    .map((b) => t('ladder.bunchedNow', { vehicle: b.vehicleId, time: headwayWords(b.behindAheadS!, t), ahead: b.aheadVehicleId! }))
}
