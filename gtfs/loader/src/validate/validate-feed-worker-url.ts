/**
 * Where the validator's worker thread starts. From source it is a plain-JS file that loads the TypeScript worker
 * through tsx (validate-feed-worker.mjs); the compiled build (scripts/build.mjs) replaces this module with one naming
 * the bundled worker beside the bundle.
 */
export const VALIDATE_FEED_WORKER_URL = new URL('./validate-feed-worker.mjs', import.meta.url)
