// outage-aware.mjs: when server after server fails the same way, the problem is upstream (your Internet, DNS, the
// provider's network), so slow the restarts down instead of storming.
//
// The problem (gluetun #3281): during an outage every restart fails like the one before, the restarts keep coming
// (6 s, 11 s, 16 s, ...), each one tearing the tunnel down, hammering the provider and filling the log, and the
// tunnel comes back no sooner.
//
// How: onHealthCheckFailed records, each time the unhealthy window elapses, which server failed and how (the error
// kind: timeout, refused, dns, ...). When the last SAME_WAY_SERVERS different servers all failed the same way, it is
// an outage: restarts are let through only every PAUSE (2 min at first, doubling up to 30 min); in between it says
// "wait" and the window keeps growing. The first healthy check ends the outage.
//
// Use: copy into scripts/ (SCRIPTS_DIR). Test: tunnelkeeper test-hook scripts/outage-aware.mjs
// scripts/examples/outage-aware.test.json

export const apiVersion = 1;

const SAME_WAY_SERVERS = 3; // different servers failing the same way: an outage
const FIRST_PAUSE_MS = 2 * 60 * 1000;
const MAX_PAUSE_MS = 30 * 60 * 1000;

let failures = []; // { server, kind }, oldest first, one per elapsed window
let pauseMs = FIRST_PAUSE_MS;

/** @type {tunnelkeeper.Hooks["onHealthCheckFailed"]} */
export function onHealthCheckFailed(event) {
  if (event.trigger !== "window-elapsed") {
    return undefined; // failed checks within the window: the built-in waits
  }
  failures = [...failures, { server: event.server, kind: event.errorKind }].slice(-20);
  const kind = outageKind();
  if (kind === null) {
    return undefined; // not an outage: the built-in restarts
  }
  const sinceRestart = event.lastRestartAt === null ? Infinity : event.now - event.lastRestartAt;
  if (sinceRestart >= pauseMs) {
    const pause = pauseMs;
    pauseMs = Math.min(pauseMs * 2, MAX_PAUSE_MS);
    return { action: "restart", reason: `outage (every server: ${kind}): one try now, the next after ${minutes(pause)} min` };
  }
  const left = Math.ceil((pauseMs - sinceRestart) / 1000);
  return { action: "wait", reason: `outage (every server: ${kind}): next restart in ${left}s` };
}

/** @type {tunnelkeeper.Hooks["onHealthy"]} */
export function onHealthy() {
  failures = [];
  pauseMs = FIRST_PAUSE_MS;
}

// The error kind the last SAME_WAY_SERVERS different servers all failed with, or null.
function outageKind() {
  const seen = new Map(); // server -> its latest failure's kind
  for (let i = failures.length - 1; i >= 0 && seen.size < SAME_WAY_SERVERS; i--) {
    if (!seen.has(failures[i].server)) {
      seen.set(failures[i].server, failures[i].kind);
    }
  }
  const kinds = new Set(seen.values());
  return seen.size === SAME_WAY_SERVERS && kinds.size === 1 && !kinds.has(null) ? [...kinds][0] : null;
}

function minutes(ms) {
  return Math.round(ms / 60000);
}
