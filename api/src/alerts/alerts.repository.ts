import type { AlertBody, AlertCause, AlertEffect, AlertText, StoredAlert } from '@masar/model/api/alerts'
import type pg from 'pg'

/** Service alerts: the current version of each, saved with its history (every version kept). */
export type { AlertBody, AlertText, StoredAlert }

const COLUMNS = `alert_id, version, cause, effect, active_periods, informed_entities, header_text, description_text, url, created_at, updated_at, updated_by`

interface AlertRow {
  alert_id: number
  version: number
  cause: string
  effect: string
  active_periods: AlertBody['activePeriods']
  informed_entities: AlertBody['informedEntities']
  header_text: AlertText
  description_text: AlertText
  url: AlertText
  created_at: Date
  updated_at: Date
  updated_by: string
}

/** cause and effect come from the api's schema (a closed list), so the casts hold. */
function toAlert(row: AlertRow): StoredAlert {
  return {
    alertId: row.alert_id, version: row.version, cause: row.cause as AlertCause, effect: row.effect as AlertEffect, activePeriods: row.active_periods, informedEntities: row.informed_entities,
    headerText: row.header_text, descriptionText: row.description_text, url: row.url, createdAt: row.created_at.toISOString(), updatedAt: row.updated_at.toISOString(), updatedBy: row.updated_by,
  }
}

async function saveVersion(client: pg.PoolClient, alert: StoredAlert, by: string): Promise<void> {
  await client.query('INSERT INTO service_alert_versions (alert_id, version, alert, saved_by) VALUES ($1, $2, $3, $4)', [alert.alertId, alert.version, JSON.stringify(alert), by])
}

async function inTransaction<T>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect()
  try {
    await client.query('BEGIN')
    const result = await work(client)
    await client.query('COMMIT')
    return result
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined)
    throw err
  } finally {
    client.release()
  }
}

export async function listAlerts(pool: pg.Pool): Promise<StoredAlert[]> {
  const { rows } = await pool.query<AlertRow>(`SELECT ${COLUMNS} FROM service_alerts WHERE deleted_at IS NULL ORDER BY alert_id`)
  return rows.map(toAlert)
}

export async function createAlert(pool: pg.Pool, body: AlertBody, by: string): Promise<StoredAlert> {
  return inTransaction(pool, async (client) => {
    const { rows } = await client.query<AlertRow>(
      `INSERT INTO service_alerts (cause, effect, active_periods, informed_entities, header_text, description_text, url, updated_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING ${COLUMNS}`,
      [body.cause, body.effect, JSON.stringify(body.activePeriods), JSON.stringify(body.informedEntities), JSON.stringify(body.headerText), JSON.stringify(body.descriptionText), JSON.stringify(body.url), by],
    )
    const alert = toAlert(rows[0]!)
    await saveVersion(client, alert, by)
    return alert
  })
}

/** A new version of an alert; null when there is no such (live) alert. */
export async function updateAlert(pool: pg.Pool, alertId: number, body: AlertBody, by: string): Promise<StoredAlert | null> {
  return inTransaction(pool, async (client) => {
    const { rows } = await client.query<AlertRow>(
      `UPDATE service_alerts SET version = version + 1, cause = $2, effect = $3, active_periods = $4, informed_entities = $5, header_text = $6,
         description_text = $7, url = $8, updated_by = $9, updated_at = now()
       WHERE alert_id = $1 AND deleted_at IS NULL RETURNING ${COLUMNS}`,
      [alertId, body.cause, body.effect, JSON.stringify(body.activePeriods), JSON.stringify(body.informedEntities), JSON.stringify(body.headerText), JSON.stringify(body.descriptionText), JSON.stringify(body.url), by],
    )
    if (!rows[0]) return null
    const alert = toAlert(rows[0])
    await saveVersion(client, alert, by)
    return alert
  })
}

export async function deleteAlert(pool: pg.Pool, alertId: number, by: string): Promise<boolean> {
  const { rowCount } = await pool.query('UPDATE service_alerts SET deleted_at = now(), updated_by = $2 WHERE alert_id = $1 AND deleted_at IS NULL', [alertId, by])
  return rowCount === 1
}

export async function alertVersions(pool: pg.Pool, alertId: number): Promise<Array<{ version: number; savedAt: string; savedBy: string; alert: StoredAlert }>> {
  const { rows } = await pool.query<{ version: number; saved_at: Date; saved_by: string; alert: StoredAlert }>(
    'SELECT version, saved_at, saved_by, alert FROM service_alert_versions WHERE alert_id = $1 ORDER BY version', [alertId],
  )
  return rows.map((r) => ({ version: r.version, savedAt: r.saved_at.toISOString(), savedBy: r.saved_by, alert: r.alert }))
}
