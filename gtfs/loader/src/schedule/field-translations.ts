/**
 * translations.txt for the names riders read: stop names, trip headsigns, route long names. A row names what it
 * translates by record_id (one stop, one trip) or by field_value (every record whose field holds that text, as a
 * feed whose trips share a few headsigns writes it); by record_id wins (https://gtfs.org/schedule/reference/#translationstxt).
 */
export interface TranslationRow {
  tableName: string
  fieldName: string
  language: string
  translation: string
  recordId: string | null
  fieldValue: string | null
}

/** language → text */
export type Translations = Record<string, string>

const key = (tableName: string, fieldName: string, id: string) => `${tableName}\u0000${fieldName}\u0000${id}`
const NONE: Translations = Object.freeze({}) as Translations

export class FieldTranslations {
  readonly #byRecord = new Map<string, Translations>()
  readonly #byValue = new Map<string, Translations>()

  constructor(rows: Iterable<TranslationRow>) {
    for (const row of rows) {
      if (!row.language || !row.translation) continue
      const map = row.recordId ? this.#byRecord : row.fieldValue ? this.#byValue : null
      const id = row.recordId ?? row.fieldValue
      if (!map || !id) continue
      const k = key(row.tableName, row.fieldName, id)
      map.set(k, { ...map.get(k), [row.language]: row.translation })
    }
  }

  /** A record's field in every language the feed translates it to (empty when it translates none). */
  of(tableName: string, fieldName: string, recordId: string, value: string | null): Translations {
    const byValue = value === null ? undefined : this.#byValue.get(key(tableName, fieldName, value))
    const byRecord = this.#byRecord.get(key(tableName, fieldName, recordId))
    if (!byValue && !byRecord) return NONE
    return { ...byValue, ...byRecord }
  }
}
