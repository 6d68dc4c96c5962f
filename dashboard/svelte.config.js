import { vitePreprocess } from '@sveltejs/vite-plugin-svelte'

/** TypeScript in <script lang="ts">, for vite and svelte-check alike. */
export default { preprocess: vitePreprocess() }
