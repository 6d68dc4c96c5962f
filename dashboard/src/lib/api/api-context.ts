import { createContext } from 'svelte'
import type { ApiClient } from './api-client.js'

/** The api client, handed down from App.svelte so components never build their own (tests give theirs). */
export const [getApi, setApi] = createContext<ApiClient>()
