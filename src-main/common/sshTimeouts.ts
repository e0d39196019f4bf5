/**
 * The SSH runner's fixed times, here so the time budget (budget.ts) counts the same numbers the
 * runner waits for.
 */

/**
 * TCP connect + SSH handshake + login to a proxy, ms: a connection not ready by then fails as
 * `proxy-unreachable`. Also bounds the runner's probe for where the agent lives.
 */
export const SSH_CONNECT_TIMEOUT_MS = 10_000
