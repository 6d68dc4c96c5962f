import { execFileSync, spawnSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parse, parseAllDocuments } from 'yaml'
import { describe, expect, it } from 'vitest'

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

type Service = { environment?: Record<string, string>; depends_on?: Record<string, { condition: string }>; ports?: unknown[]; command?: string[] }

describe.skipIf(noCompose)('infra/compose/docker-compose.yml', () => {
  it('validates with its secrets given, and names each secret that is missing', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'masar-compose-'))
    try {
      const envFile = join(dir, '.env')
      const secrets = ['POSTGRES_PASSWORD', 'MQTT_INGEST_PASSWORD', 'MQTT_API_PASSWORD', 'API_TOKEN_SECRET', 'API_ADMIN_PASSWORD']
      await writeFile(envFile, secrets.map((name) => `${name}=${name.toLowerCase()}-0123456789abcdef0123456789abcdef`).join('\n'))
      const config = execFileSync('docker-compose', ['--env-file', envFile, '-f', join(COMPOSE_DIR, 'docker-compose.yml'), 'config'], { encoding: 'utf8' })
      const services = (parse(config) as { services: Record<string, Service> }).services
      expect(Object.keys(services).sort()).toEqual(['api-1', 'api-2', 'ingest-1', 'ingest-2', 'migrate', 'mosquitto', 'proxy', 'timescaledb'])
      for (const name of ['ingest-1', 'ingest-2']) {
        expect(services[name]!.environment).toMatchObject({ MQTT_SHARE_GROUP: 'ingest', MQTT_USERNAME: 'masar-ingest' })
        expect(services[name]!.depends_on!.migrate!.condition).toBe('service_completed_successfully')
        expect(services[name]!.ports).toBeUndefined() // not reachable from outside
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
      expect(line).toMatch(/\$\{[A-Z_]+:\?[^}]+\}|^\s*[A-Z_]+: *$|MQTT_USERNAME/)
    }
    const mosquitto = readFileSync(join(COMPOSE_DIR, 'mosquitto', 'mosquitto.conf'), 'utf8')
    expect(mosquitto).toMatch(/^allow_anonymous false$/m)
    expect(mosquitto).toMatch(/^listener 8883$[\s\S]*?^certfile /m)
    const proxy = readFileSync(join(COMPOSE_DIR, 'proxy', 'nginx.conf'), 'utf8')
    expect(proxy).toMatch(/server api-1:8080[\s\S]*server api-2:8080/)
    expect(proxy).toMatch(/client_max_body_size/)
  })
})

describe.skipIf(noKubectl)('infra/k8s', () => {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- Kubernetes objects, read as the tool prints them
  type Doc = { kind: string; metadata: { name: string }; spec: any }
  const docs = () => parseAllDocuments(execFileSync('kubectl', ['kustomize', K8S_DIR], { encoding: 'utf8' })).map((d) => d.toJS() as Doc)

  it('builds, with probes, resources and a disruption budget for every service, and an autoscaler for ingest', () => {
    const all = docs()
    const deployments = all.filter((d) => d.kind === 'Deployment')
    expect(deployments.map((d) => d.metadata.name).sort()).toEqual(['api', 'ingest'])
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
    const hpa = all.find((d) => d.kind === 'HorizontalPodAutoscaler')
    expect(hpa?.spec.scaleTargetRef).toMatchObject({ kind: 'Deployment', name: 'ingest' })
    expect(all.find((d) => d.kind === 'Job')?.spec.template.spec.containers[0].command).toContain('infra/platform/src/db/migrate-cli.ts')
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
})

if (!existsSync(COMPOSE_DIR)) throw new Error(`no ${COMPOSE_DIR}`)
