// avoid-dead-servers.mjs: never reconnect to a server that failed recently, and widen the search from the last
// good server's region to its country, then abroad, when the failures keep coming.
//
// The problem (gluetun #1672, #1359): when a server dies, the reconnect often goes straight back to it, or to its
// dead neighbour in the same region, and with a narrow SERVER_REGIONS the tunnel can stay down for hours while
// healthy servers a little further away sit unused.
//
// How: selectServer skips every server that failed within AVOID_MS. It starts near the last server that was
// healthy (same region); after WIDEN_AFTER failed attempts it tries the rest of that country, after as many again
// anywhere else. A healthy check puts it back to the region. When every server failed lately it gives no answer
// and the built-in takes the one that failed longest ago.
//
// Use: copy into scripts/ (SCRIPTS_DIR). Test: tunnelkeeper test-hook scripts/avoid-dead-servers.mjs
// scripts/examples/avoid-dead-servers.test.json


export const apiVersion = 1;

const AVOID_MS = 15 * 60 * 1000; // a server that failed within this is not chosen
const WIDEN_AFTER = 2; // failed attempts at one scope before the next, wider one

let homeServer = null; // the last server a check passed through
let attemptsSinceHealthy = 0;

/** @type {tunnelkeeper.Hooks["onHealthy"]} */
export function onHealthy(event) {
  homeServer = event.server;
  attemptsSinceHealthy = 0;
}

/** @type {tunnelkeeper.Hooks["selectServer"]} */
export function selectServer(candidates, event) {
  const alive = candidates.filter((c) => !failedRecently(c, event.now));
  if (alive.length === 0) {
    return undefined; // all failed lately: the built-in takes the one that failed longest ago
  }
  const home = candidates.find((c) => c.name === homeServer);
  const scopes = home
    ? [
        ["in region " + home.region, (c) => c.country === home.country && c.region === home.region],
        ["in the rest of " + home.country, (c) => c.country === home.country && c.region !== home.region],
        ["outside " + home.country, (c) => c.country !== home.country],
      ]
    : [["anywhere", () => true]];
  const start = Math.min(Math.floor(attemptsSinceHealthy / WIDEN_AFTER), scopes.length - 1);
  attemptsSinceHealthy++;
  for (const [scope, inScope] of scopes.slice(start)) {
    const pool = alive.filter(inScope);
    if (pool.length > 0) {
      return { name: best(pool, event.previous).name, reason: `not failed lately, ${scope}` };
    }
  }
  return { name: best(alive, event.previous).name, reason: "not failed lately" };
}

/** @param {tunnelkeeper.Candidate} c @param {number} now */
function failedRecently(c, now) {
  return c.history.lastFailureAt !== null && now - c.history.lastFailureAt < AVOID_MS;
}

// Never failed first, then the one that failed longest ago; the previous server last. The sort is stable, so ties
// keep the priority order of the candidates.
/** @param {tunnelkeeper.Candidate[]} pool @param {string | null} previous */
function best(pool, previous) {
  return [...pool].sort(
    (a, b) =>
      Number(a.name === previous) - Number(b.name === previous) ||
      (a.history.lastFailureAt ?? 0) - (b.history.lastFailureAt ?? 0),
  )[0];
}
