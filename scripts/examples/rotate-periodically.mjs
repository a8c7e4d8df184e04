// rotate-periodically.mjs: move to another server every ROTATE_EVERY_MS, touring all the servers.
//
// The problem (gluetun #2565): a tunnel that stays on one server for days keeps one exit address, which some users
// do not want (privacy, rate limits), and gluetun only changes servers when the tunnel breaks.
//
// How: onHealthCheckSucceeded, once the tunnel has been up on its server for ROTATE_EVERY_MS, asks to switch to the
// server used least (then longest ago) among those not cooling down after a failure. It rotates only while healthy,
// so it never adds a restart to an outage; the host switches at most once a minute.
//
// Use: copy into scripts/ (SCRIPTS_DIR). Test: tunnelkeeper test-hook scripts/rotate-periodically.mjs
// scripts/examples/rotate-periodically.test.json

export const apiVersion = 1;

const ROTATE_EVERY_MS = 6 * 60 * 60 * 1000; // 6 hours

/** @type {tunnelkeeper.Hooks["onHealthCheckSucceeded"]} */
export function onHealthCheckSucceeded(event) {
  if (event.connectedForMs === null || event.connectedForMs < ROTATE_EVERY_MS) {
    return undefined;
  }
  const others = event.candidates.filter((c) => c.name !== event.server && !c.coolingDown);
  if (others.length === 0) {
    return undefined;
  }
  const next = others.sort(
    (a, b) =>
      a.history.timesChosen - b.history.timesChosen || (a.history.lastChosenAt ?? 0) - (b.history.lastChosenAt ?? 0),
  )[0];
  const hours = Math.floor(event.connectedForMs / 3600000);
  return { action: "switch", server: next.name, reason: `rotating after ${hours} h on ${event.server}` };
}
