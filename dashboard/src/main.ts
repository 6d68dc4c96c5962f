import { mount } from 'svelte'
import App from './App.svelte'
import './app.css'
import { fetchServerTimeMs, serverClock } from './lib/time/server-clock.js'
import { registerServiceWorker } from './lib/offline/register-service-worker.js'

const SERVER_CLOCK_WAIT_MS = 2000
const SERVER_CLOCK_RESYNC_MS = 5 * 60_000

const target = document.getElementById('app')
if (!target) throw new Error('index.html has no #app element to mount the dashboard in')
// The api's clock first (waiting at most 2 s): countdowns, ping ages and sessions are judged by it from the first render.
const synced = serverClock.sync(() => fetchServerTimeMs())
void Promise.race([synced, new Promise((resolve) => setTimeout(resolve, SERVER_CLOCK_WAIT_MS))]).then(() => {
  mount(App, { target })
  setInterval(() => void serverClock.sync(() => fetchServerTimeMs()), SERVER_CLOCK_RESYNC_MS)
})

// The installable app's worker (the shell and its files offline): in builds only, where /sw.js exists (the
// build's web-app plugin defines its path; the dev server does not).
declare const __MASAR_SERVICE_WORKER__: string | undefined
if (typeof __MASAR_SERVICE_WORKER__ === 'string') registerServiceWorker(navigator, window, document, __MASAR_SERVICE_WORKER__)
