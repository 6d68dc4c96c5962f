import pg from 'pg'

/** The services that connect to the database, each as a login in its own group role (migration 0015). */
export const SERVICE_GROUP_ROLES = { ingest: 'masar_ingest', realtime: 'masar_realtime', api: 'masar_api' } as const
export type DatabaseService = keyof typeof SERVICE_GROUP_ROLES

export interface ServiceLogin {
  service: DatabaseService
  /** The login's name (cluster-wide on a server). */
  user: string
  password: string
}

/** A service's login by default: the group role's name with `_login`. */
export const defaultLoginName = (service: DatabaseService): string => `${SERVICE_GROUP_ROLES[service]}_login`

/**
 * Creates each service's login, or sets the password of one that exists, and makes it a member of its group role and
 * of nothing else it was given here. Needs CREATEROLE (a superuser, or the migrating owner with CREATEROLE). The
 * password travels in the statement (CREATE ROLE takes no parameters): keep log_statement off `all` on the server
 * while it runs, or create the logins by hand (README: Database roles).
 */
export async function ensureServiceLogins(client: pg.ClientBase, logins: readonly ServiceLogin[]): Promise<void> {
  for (const { service, user, password } of logins) {
    const group = pg.escapeIdentifier(SERVICE_GROUP_ROLES[service])
    const name = pg.escapeIdentifier(user)
    const secret = pg.escapeLiteral(password)
    const { rows } = await client.query<{ exists: boolean }>('SELECT EXISTS (SELECT FROM pg_roles WHERE rolname = $1) AS exists', [user])
    if (rows[0]?.exists) await client.query(`ALTER ROLE ${name} WITH LOGIN INHERIT PASSWORD ${secret}`)
    else await client.query(`CREATE ROLE ${name} WITH LOGIN INHERIT NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION PASSWORD ${secret}`)
    const { rows: member } = await client.query<{ member: boolean }>('SELECT pg_has_role($1, $2, \'MEMBER\') AS member', [user, SERVICE_GROUP_ROLES[service]])
    if (!member[0]?.member) await client.query(`GRANT ${group} TO ${name}`)
  }
}
