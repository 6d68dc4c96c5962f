import { execFileSync, spawnSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parse, parseAllDocuments } from 'yaml'
import { describe, expect, it } from 'vitest'
import { DEFAULT_SOURCES_HTTP_PORT, TRACCAR_JSON_PATH } from '@masar/model/telemetry/source-endpoints'

/**
 * The production deployment files, checked by the tools that read them: `docker-compose config` validates the
 * compose file (and refuses to run without its secrets), `kubectl kustomize` builds the Kubernetes manifests;
 * then what matters in them is asserted.
 */
const INFRA = fileURLToPath(new URL('../../..', import.meta.url))
const COMPOSE_DIR = join(INFRA, 'compose')
const K8S_DIR = join(INFRA, 'k8s')
const which = (tool: string) => spawnSync('sh', ['-c', `command -v ${tool}`]).status === 0
const noCompose = which('docker-compose') ? null : 'SKIPPED: no docker-compose (apt-get install docker-compose; .ci/run installs it)'
const noKubectl = which('kubectl') ? null : 'SKIPPED: no kubectl (kustomize build of infra/k8s not checked)'
for (const reason of [noCompose, noKubectl]) if (reason) console.warn(reason)

type Service = { profiles?: string[]; image?: string; volumes?: string[]; networks?: Record<string, { aliases?: string[] }>; hostname?: string; environment?: Record<string, string>; depends_on?: Record<string, { condition: string }>; ports?: unknown[]; command?: string[] }

describe.skipIf(noCompose)('infra/compose/docker-compose.yml', () => {
  it('validates with its secrets given, and names each secret that is missing', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'masar-compose-'))
    try {
      const envFile = join(dir, '.env')
      const secrets = ['POSTGRES_PASSWORD', 'INGEST_DB_PASSWORD', 'REALTIME_DB_PASSWORD', 'API_DB_PASSWORD', 'MQTT_INGEST_PASSWORD', 'MQTT_API_PASSWORD', 'MQTT_REALTIME_PASSWORD', 'API_TOKEN_SECRET', 'API_ADMIN_PASSWORD']
      await writeFile(envFile, secrets.map((name) => `${name}=${name.toLowerCase()}-0123456789abcdef0123456789abcdef`).join('\n'))
      const config = execFileSync('docker-compose', ['--env-file', envFile, '-f', join(COMPOSE_DIR, 'docker-compose.yml'), 'config'], { encoding: 'utf8' })
      const services = (parse(config) as { services: Record<string, Service> }).services
      expect(Object.keys(services).sort()).toEqual(['api-1', 'api-2', 'ingest-1', 'ingest-2', 'migrate', 'mosquitto', 'proxy', 'realtime-1', 'realtime-2', 'timescaledb', 'traccar'])
      expect(services.traccar!.profiles).toEqual(['traccar']) // optional: only with --profile traccar
      // the image's compiled JavaScript, run by node: no tsx, no TypeScript at run time
      for (const name of ['migrate', 'ingest-1', 'realtime-1', 'api-1']) expect(services[name]!.command).toEqual(['node', expect.stringMatching(/^dist\/[a-z]+\.js$/)])
      for (const name of ['realtime-1', 'realtime-2', 'api-1', 'api-2']) {
        expect(services[name]!.depends_on!.migrate!.condition).toBe('service_completed_successfully')
      }
      for (const name of ['ingest-1', 'ingest-2']) {
        expect(services[name]!.environment).toMatchObject({ MQTT_SHARE_GROUP: 'ingest', MQTT_USERNAME: 'masar-ingest' })
        expect(services[name]!.depends_on!.migrate!.condition).toBe('service_completed_successfully')
        expect(services[name]!.ports).toBeUndefined() // not reachable from outside
        expect(services[name]!.hostname).toBe(name) // its instance id, naming its MQTT session across recreations
      }
      for (const name of ['api-1', 'api-2']) expect(services[name]!.ports).toBeUndefined() // only through the proxy
      expect(services.timescaledb!.ports).toBeUndefined()
      expect(services.mosquitto!.ports).toEqual([expect.objectContaining({ target: 8883 })]) // trackers: TLS only
      expect(services['api-1']!.environment!.API_TOKEN_SECRET).toBe('api_token_secret-0123456789abcdef0123456789abcdef')

      await writeFile(join(dir, 'none'), '')
      const bare = spawnSync('docker-compose', ['--env-file', join(dir, 'none'), '-f', join(COMPOSE_DIR, 'docker-compose.yml'), 'config', '-q'], { encoding: 'utf8', env: { PATH: process.env.PATH } })
      expect(bare.status).not.toBe(0)
      expect(bare.stderr).toMatch(/set [A-Z_]+ in \.env/)
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })

  it('holds no secret itself, and its broker refuses anonymous clients and speaks TLS to trackers', () => {
    const compose = readFileSync(join(COMPOSE_DIR, 'docker-compose.yml'), 'utf8')
    for (const line of compose.split('\n').filter((l) => /PASSWORD|SECRET/.test(l) && !l.trim().startsWith('#'))) {
      // required from .env (`${X:?why}`), or optional with nothing as its default (`${X:-}`: the feature is off)
      expect(line).toMatch(/\$\{[A-Z_]+:\?[^}]+\}|\$\{[A-Z_]+:-\}|^\s*[A-Z_]+: *$|MQTT_USERNAME/)
    }
    const mosquitto = readFileSync(join(COMPOSE_DIR, 'mosquitto', 'mosquitto.conf'), 'utf8')
    expect(mosquitto).toMatch(/^allow_anonymous false$/m)
    expect(mosquitto).toMatch(/^listener 8883$[\s\S]*?^certfile /m)
    const proxy = readFileSync(join(COMPOSE_DIR, 'proxy', 'nginx.conf'), 'utf8')
    expect(proxy).toMatch(/server api-1:8080[\s\S]*server api-2:8080/)
    expect(proxy).toMatch(/client_max_body_size/)
  })
})

// Issue #17: the services connected as the database's superuser (compose's POSTGRES_USER, the Secret's one
// DATABASE_URL), so any compromise could run COPY … TO PROGRAM. Only the migrate job may use the owner's login.
describe('database logins in the deployment files', () => {
  const SERVICES = { ingest: 'ingest-1', realtime: 'realtime-1', api: 'api-1' } as const
  it('compose: each service logs in as its own login, migrate as the owner and creates those logins', () => {
    const compose = parse(readFileSync(join(COMPOSE_DIR, 'docker-compose.yml'), 'utf8'), { merge: true }) as { services: Record<string, Service> }
    const owner = compose.services.timescaledb!.environment!.POSTGRES_USER
    const userOf = (url: string | undefined) => /^postgres:\/\/([^:@/]+)/.exec(url ?? '')?.[1] // before ${…} is interpolated
    expect(userOf(compose.services.migrate!.environment!.DATABASE_URL)).toBe(owner)
    for (const [service, name] of Object.entries(SERVICES)) {
      const env = compose.services[name]!.environment!
      expect(userOf(env.DATABASE_URL), name).toBe(`masar_${service}_login`)
      expect(JSON.stringify(env), name).not.toMatch(/POSTGRES_PASSWORD/)
      const password = `\${${service.toUpperCase()}_DB_PASSWORD:?set ${service.toUpperCase()}_DB_PASSWORD in .env}`
      expect(env.PGPASSWORD, name).toBe(password)
      expect(compose.services.migrate!.environment![`MIGRATE_${service.toUpperCase()}_DB_PASSWORD`]).toBe(password)
    }
  })

  it.skipIf(noKubectl)('k8s: each service logs in as its own login, the migrate initContainer as the owner and creates those logins', () => {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- Kubernetes objects, read as the tool prints them
    const workloads = parseAllDocuments(execFileSync('kubectl', ['kustomize', K8S_DIR], { encoding: 'utf8' })).map((d) => d.toJS() as any)
      .filter((d) => ['Deployment', 'StatefulSet'].includes(d.kind) && d.metadata.name in SERVICES)
    expect(workloads).toHaveLength(3)
    type Env = { name: string; valueFrom?: { secretKeyRef?: { key: string } } }
    const keys = (env: Env[]) => Object.fromEntries(env.map((v) => [v.name, v.valueFrom?.secretKeyRef?.key]))
    for (const workload of workloads) {
      const service = (workload.metadata.name as string).toUpperCase()
      const { containers: [main], initContainers: [migrate] } = workload.spec.template.spec
      expect(keys(main.env), workload.metadata.name).toMatchObject({ DATABASE_URL: `${service}_DATABASE_URL`, PGPASSWORD: `${service}_DB_PASSWORD` })
      expect(keys(migrate.env)).toEqual({
        DATABASE_URL: 'DATABASE_URL', MIGRATE_INGEST_DB_PASSWORD: 'INGEST_DB_PASSWORD', MIGRATE_REALTIME_DB_PASSWORD: 'REALTIME_DB_PASSWORD', MIGRATE_API_DB_PASSWORD: 'API_DB_PASSWORD',
      })
    }
  })
})

describe.skipIf(noKubectl)('infra/k8s', () => {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- Kubernetes objects, read as the tool prints them
  type Doc = { kind: string; metadata: { name: string }; spec: any }
  // Masar's services: Deployments, and ingest's StatefulSet (Mosquitto is a StatefulSet too, with probes of its own).
  const isService = (d: Doc) => d.kind === 'Deployment' || (d.kind === 'StatefulSet' && d.metadata.name === 'ingest')
  const docs = () => parseAllDocuments(execFileSync('kubectl', ['kustomize', K8S_DIR], { encoding: 'utf8' })).map((d) => d.toJS() as Doc)

  it('builds, with probes, resources and a disruption budget for every service, and autoscalers for ingest and the api readers', () => {
    const all = docs()
    const deployments = all.filter(isService)
    expect(deployments.map((d) => d.metadata.name).sort()).toEqual(['api', 'ingest', 'realtime'])
    for (const deployment of deployments) {
      const [container] = deployment.spec.template.spec.containers
      expect(container.readinessProbe.httpGet.path).toBe('/readyz')
      expect(container.livenessProbe.httpGet.path).toBe('/healthz')
      expect(container.resources.requests.cpu).toBeDefined()
      expect(container.resources.limits.memory).toBeDefined()
      expect(container.securityContext.readOnlyRootFilesystem).toBe(true)
      const budget = all.find((d) => d.kind === 'PodDisruptionBudget' && d.metadata.name === deployment.metadata.name)
      expect(budget?.spec.selector.matchLabels).toEqual(deployment.spec.selector.matchLabels)
    }
    const scaled = all.filter((d) => d.kind === 'HorizontalPodAutoscaler').map((d) => d.spec.scaleTargetRef)
    expect(scaled).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'StatefulSet', name: 'ingest' }), expect.objectContaining({ kind: 'Deployment', name: 'api' })]))
    expect(scaled).toHaveLength(2)
  })

  it('runs the compiled services, the realtime engine as a leader and a standby, and migrates before every pod of a release starts', () => {
    const all = docs()
    const deployments = all.filter(isService)
    const command = (name: string) => deployments.find((d) => d.metadata.name === name)!.spec.template.spec.containers[0].command
    expect(command('api')).toEqual(['node', 'dist/api.js'])
    expect(command('ingest')).toEqual(['node', 'dist/ingest.js'])
    expect(command('realtime')).toEqual(['node', 'dist/realtime.js'])
    const realtime = deployments.find((d) => d.metadata.name === 'realtime')!
    expect(realtime.spec.replicas).toBe(2)
    expect(realtime.spec.strategy.rollingUpdate.maxUnavailable).toBe(0) // a standby stays up while the other is replaced
    // No fixed-name Job (it cannot be re-applied with a new image): each pod's initContainer migrates with its own image.
    expect(all.filter((d) => d.kind === 'Job')).toEqual([])
    for (const deployment of deployments) {
      const { initContainers, containers } = deployment.spec.template.spec
      expect(initContainers, deployment.metadata.name).toHaveLength(1)
      expect(initContainers[0]).toMatchObject({ name: 'migrate', command: ['node', 'dist/migrate.js'], image: containers[0].image })
      expect(initContainers[0].securityContext.readOnlyRootFilesystem).toBe(true)
    }
  })

  it('has Prometheus scrape the api readers on their metrics port, which the Service the Ingress routes to leaves out', () => {
    const all = docs()
    const api = all.filter(isService).find((d) => d.metadata.name === 'api')!
    const [container] = api.spec.template.spec.containers
    const metricsPort = container.ports.find((p: { name: string }) => p.name === 'metrics')?.containerPort
    expect(metricsPort).toBe(9101)
    expect(api.spec.template.metadata.annotations['prometheus.io/port']).toBe(String(metricsPort))
    expect(container.env).toEqual(expect.arrayContaining([{ name: 'METRICS_PORT', value: String(metricsPort) }]))
    const service = all.find((d) => d.kind === 'Service' && d.metadata.name === 'api')!
    expect(service.spec.ports.map((p: { targetPort: unknown }) => p.targetPort)).toEqual(['http'])
  })

  it('runs ingest as a StatefulSet whose stable pod names name the MQTT sessions, with time to leave the group on stop', () => {
    const ingest = docs().find((d) => d.kind === 'StatefulSet' && d.metadata.name === 'ingest')!
    const pod = ingest.spec.template.spec
    const env = Object.fromEntries(pod.containers[0].env.map((v: { name: string; value?: string; valueFrom?: unknown }) => [v.name, v.value ?? v.valueFrom]))
    expect(env.INGEST_INSTANCE_ID).toEqual({ fieldRef: { fieldPath: 'metadata.name' } })
    expect(env.MQTT_CLIENT_ID).toBeUndefined() // derived from the instance id
    // SIGKILL only after the store of what was received (SHUTDOWN_GRACE_MS) and close-with-grace's 2 s beyond it
    expect(pod.terminationGracePeriodSeconds * 1000).toBeGreaterThan(Number(env.SHUTDOWN_GRACE_MS) + 2_000)
    expect(ingest.spec.updateStrategy.type).toBe('RollingUpdate')
    expect(docs().find((d) => d.kind === 'HorizontalPodAutoscaler' && d.spec.scaleTargetRef.name === 'ingest')?.spec.minReplicas).toBeGreaterThanOrEqual(2)
  })

  it('takes every secret from a Secret object, never a literal', () => {
    for (const doc of docs()) {
      const containers = doc.spec?.template?.spec?.containers ?? []
      for (const container of containers) {
        for (const variable of container.env ?? []) {
          if (/PASSWORD|SECRET|DATABASE_URL/.test(variable.name)) expect(variable.valueFrom?.secretKeyRef, variable.name).toBeDefined()
        }
      }
      if (doc.kind === 'ConfigMap') expect(JSON.stringify(doc)).not.toMatch(/PASSWORD|SECRET|postgres:\/\//)
    }
  })

  // Issue #17's Kubernetes items: no service account token in any pod, third-party images by digest, and
  // NetworkPolicies that let through only the flows Masar needs.
  const podSpecs = (all: Doc[]) => all.filter((d) => d.spec?.template?.spec?.containers).map((d) => [d.metadata.name, d.spec.template.spec] as const)

  it('mounts no service account token in any pod', () => {
    const pods = podSpecs(docs())
    expect(pods.map(([name]) => name).sort()).toEqual(['api', 'ingest', 'mosquitto', 'realtime'])
    for (const [name, pod] of pods) expect(pod.automountServiceAccountToken, name).toBe(false)
  })

  it('references every third-party image by digest', () => {
    for (const [name, pod] of podSpecs(docs())) {
      for (const container of [...(pod.initContainers ?? []), ...pod.containers] as Array<{ image: string }>) {
        if (container.image.startsWith('ghcr.io/example/masar:')) continue // Masar's own, set per release
        expect(container.image, name).toMatch(/@sha256:[0-9a-f]{64}$/)
      }
    }
  })

  it('lets trackers reach only the broker\'s TLS port, the plaintext port only Masar\'s services, the database only Masar\'s pods', () => {
    const allowed = networkPolicyJudge(docs().filter((d) => d.kind === 'NetworkPolicy') as unknown as Policy[], 'masar')
    const pod = (name: string, namespace = 'masar') => ({ namespace, labels: { 'app.kubernetes.io/name': name } })
    const outside = 'outside' as const
    const mosquitto = pod('mosquitto')
    // trackers, from outside the cluster (or any pod): the TLS port and nothing else
    expect(allowed(outside, mosquitto, 8883)).toBe(true)
    expect(allowed(pod('anything', 'other'), mosquitto, 8883)).toBe(true)
    expect(allowed(outside, mosquitto, 1883)).toBe(false)
    // the plaintext port: ingest, the engine and the api readers of this namespace only
    for (const service of ['ingest', 'realtime', 'api']) expect(allowed(pod(service), mosquitto, 1883), service).toBe(true)
    expect(allowed(pod('debug-shell'), mosquitto, 1883)).toBe(false)
    expect(allowed(pod('ingest', 'other'), mosquitto, 1883)).toBe(false) // the same label in another namespace
    // the api readers serve the Ingress controller; the others' side ports only Prometheus
    expect(allowed(pod('ingress-nginx', 'ingress-nginx'), pod('api'), 8080)).toBe(true)
    expect(allowed(outside, pod('ingest'), 9101)).toBe(false)
    expect(allowed(pod('prometheus', 'monitoring'), pod('ingest'), 9101)).toBe(true)
    expect(allowed(pod('prometheus', 'monitoring'), pod('realtime'), 8081)).toBe(true)
    expect(allowed(pod('api'), pod('ingest'), 9101)).toBe(false)
    // the api readers' metrics port (METRICS_PORT): Prometheus only, never the Ingress controller
    expect(allowed(pod('prometheus', 'monitoring'), pod('api'), 9101)).toBe(true)
    expect(allowed(pod('ingress-nginx', 'ingress-nginx'), pod('api'), 9101)).toBe(false)
    expect(allowed(outside, pod('api'), 9101)).toBe(false)
    // a database in this namespace: Masar's pods only
    const database = pod('timescaledb')
    for (const service of ['ingest', 'realtime', 'api']) expect(allowed(pod(service), database, 5432), service).toBe(true)
    expect(allowed(pod('mosquitto'), database, 5432)).toBe(false)
    expect(allowed(pod('debug-shell'), database, 5432)).toBe(false)
    expect(allowed(outside, database, 5432)).toBe(false)
    expect(allowed(pod('api', 'other'), database, 5432)).toBe(false)
  })
})

type Labels = Record<string, string>
type Selector = { matchLabels?: Labels; matchExpressions?: Array<{ key: string; operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist'; values?: string[] }> }
type Peer = { podSelector?: Selector; namespaceSelector?: Selector; ipBlock?: unknown }
type Policy = { metadata: { namespace?: string }; spec: { podSelector: Selector; policyTypes?: string[]; ingress?: Array<{ from?: Peer[]; ports?: Array<{ port?: number | string }> }> } }
type Endpoint = { namespace: string; labels: Labels }

function matches(selector: Selector, labels: Labels): boolean {
  const byLabel = Object.entries(selector.matchLabels ?? {}).every(([k, v]) => labels[k] === v)
  return byLabel && (selector.matchExpressions ?? []).every(({ key, operator, values = [] }) => {
    if (operator === 'In') return key in labels && values.includes(labels[key]!)
    if (operator === 'NotIn') return !(key in labels) || !values.includes(labels[key]!)
    return operator === 'Exists' ? key in labels : !(key in labels)
  })
}

/**
 * Kubernetes' ingress NetworkPolicy rules, for the fields these manifests use: a pod selected by no policy takes
 * everything; a selected pod takes what one of its policies' rules allows (no `from`: any source; a podSelector
 * alone: pods of the policy's namespace; a namespaceSelector: pods of those namespaces, named by
 * kubernetes.io/metadata.name; an ipBlock: sources outside the cluster, not judged here so never matched).
 */
function networkPolicyJudge(policies: Policy[], namespace: string) {
  return (from: Endpoint | 'outside', to: Endpoint, port: number): boolean => {
    const selecting = policies.filter((p) => (p.metadata.namespace ?? namespace) === to.namespace && matches(p.spec.podSelector, to.labels) && (p.spec.policyTypes ?? ['Ingress']).includes('Ingress'))
    if (selecting.length === 0) return true
    const peerAllows = (peer: Peer, policyNamespace: string): boolean => {
      if (from === 'outside' || peer.ipBlock) return false
      const namespaceOk = peer.namespaceSelector ? matches(peer.namespaceSelector, { 'kubernetes.io/metadata.name': from.namespace }) : from.namespace === policyNamespace
      return namespaceOk && (peer.podSelector ? matches(peer.podSelector, from.labels) : true)
    }
    return selecting.some((p) => (p.spec.ingress ?? []).some((rule) =>
      (!rule.ports || rule.ports.some((r) => r.port === undefined || r.port === port)) &&
      (!rule.from || rule.from.some((peer) => peerAllows(peer, p.metadata.namespace ?? namespace)))))
  }
}

if (!existsSync(COMPOSE_DIR)) throw new Error(`no ${COMPOSE_DIR}`)

// Issue #19: the optional Traccar forwards every position to ingest's sources listener. Its forward.url is built from
// the endpoint constants (one source of truth); its keys are Traccar's own (traccar/traccar
// src/main/java/org/traccar/config/Keys.java: there is no forward.enable, forwarding is on when forward.url is set).
describe('the Traccar of infra/compose (profile traccar)', () => {
  const TRACCAR_KEYS = ['database.driver', 'database.url', 'database.user', 'database.password', 'logger.console', 'protocols.enable',
    'forward.type', 'forward.url', 'forward.header', 'forward.retry.enable', 'forward.retry.delay', 'forward.retry.count', 'forward.retry.limit']
  const entries = () => {
    const xml = readFileSync(join(COMPOSE_DIR, 'traccar', 'traccar.xml'), 'utf8').replace(/<!--[\s\S]*?-->/g, '')
    return Object.fromEntries([...xml.matchAll(/<entry key='([^']+)'>([^<]*)<\/entry>/g)].map((m) => [m[1]!, m[2]!]))
  }

  it('forwards each position as JSON to the /traccar/json endpoint of the ingest instances, retrying while Masar is away', () => {
    const config = entries()
    expect(Object.keys(config).filter((key) => !TRACCAR_KEYS.includes(key))).toEqual([])
    expect(config['forward.type']).toBe('json')
    expect(config['forward.url']).toBe(`http://ingest:${DEFAULT_SOURCES_HTTP_PORT}${TRACCAR_JSON_PATH}`)
    expect(config['forward.retry.enable']).toBe('true')
    expect(config['forward.header']).toBeUndefined() // the key is no file's: compose gives it from .env
  })

  it('compose: pinned, optional, its config mounted, the source key in the forward header, "ingest" naming both instances', () => {
    const compose = parse(readFileSync(join(COMPOSE_DIR, 'docker-compose.yml'), 'utf8'), { merge: true }) as { services: Record<string, Service> }
    const traccar = compose.services.traccar!
    expect(traccar.image).toMatch(/^traccar\/traccar:\d+\.\d+\.\d+$/)
    expect(traccar.profiles).toEqual(['traccar'])
    expect(traccar.volumes).toContain('./traccar/traccar.xml:/opt/traccar/conf/traccar.xml:ro')
    expect(traccar.environment).toMatchObject({ CONFIG_USE_ENVIRONMENT_VARIABLES: 'true', FORWARD_HEADER: expect.stringMatching(/^Authorization: Bearer \$\{TRACCAR_SOURCE_KEY[:}]/) })
    const host = new URL(entries()['forward.url']!).hostname
    for (const name of ['ingest-1', 'ingest-2']) {
      expect(compose.services[name]!.networks!.default!.aliases, name).toContain(host)
      expect(compose.services[name]!.environment, name).toMatchObject({ SOURCES_HTTP_PORT: String(DEFAULT_SOURCES_HTTP_PORT), SOURCES_HTTP_HOST: '0.0.0.0' })
    }
  })
})
