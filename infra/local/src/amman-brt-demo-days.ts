/** The days of `npm run demo:amman-brt`: the feed learned up to the 19th, the 20th (never learned from) replayed. */
export const AMMAN_BRT_LEARN_UNTIL = '2025-11-19'
export const AMMAN_BRT_REPLAY_FROM = '2025-11-20T07:00:00+03:00'
