// priority-failback.mjs: keep to a preferred list of servers, in order, and go back to the first one once the
// tunnel has been healthy on a backup for a while.
//
// The problem (gluetun #3401): you have a favourite server (closest, fastest, the one with your forwarded port) and
// backups. When the favourite fails, the VPN moves to a backup, and then stays there for good, even after the
// favourite is back.
//
// How: selectServer takes the first server of PREFERRED that has not failed within REST_MS (and lets the built-in
// choose when none is usable). onHealthCheckSucceeded, once the tunnel has been healthy on a lower-ranked server
// for FAILBACK_AFTER_MS, asks to switch to the best-ranked server that has rested. The host switches at most once
// a minute, and only from a running tunnel.
//
// Use: edit PREFERRED, copy into scripts/ (SCRIPTS_DIR). Test: tunnelkeeper test-hook
// scripts/priority-failback.mjs scripts/examples/priority-failback.test.json

export const apiVersion = 1;

const PREFERRED = ["se-sto-1", "se-sto-2", "de-ber-1"]; // best first; others are the built-in's to choose
const REST_MS = 10 * 60 * 1000; // a server that failed within this is not used (or switched to)
const FAILBACK_AFTER_MS = 30 * 60 * 1000; // healthy this long on a backup before going back

/** @type {tunnelkeeper.Hooks["selectServer"]} */
export function selectServer(candidates, event) {
  for (const [rank, name] of PREFERRED.entries()) {
    const c = candidates.find((x) => x.name === name);
    if (c && rested(c, event.now)) {
      return { name, reason: `preferred #${rank + 1}` };
    }
  }
  return undefined; // none of the preferred servers is usable: the built-in chooses among the rest
}

/** @type {tunnelkeeper.Hooks["onHealthCheckSucceeded"]} */
export function onHealthCheckSucceeded(event) {
  const rank = PREFERRED.indexOf(event.server);
  if (rank === 0 || event.healthyForMs < FAILBACK_AFTER_MS) {
    return undefined;
  }
  const better = rank === -1 ? PREFERRED : PREFERRED.slice(0, rank);
  for (const name of better) {
    const c = event.candidates.find((x) => x.name === name);
    if (c && rested(c, event.now)) {
      const minutes = Math.round(event.healthyForMs / 60000);
      return { action: "switch", server: name, reason: `back to ${name} after ${minutes} min healthy on ${event.server}` };
    }
  }
  return undefined;
}

/** @param {tunnelkeeper.Candidate} c @param {number} now */
function rested(c, now) {
  return c.history.lastFailureAt === null || now - c.history.lastFailureAt >= REST_MS;
}
