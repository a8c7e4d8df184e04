// outage-notifier.mjs: tell your phone when the VPN goes down and when it is back, once each, however much it flaps.
// The problem (gluetun #131): users want a Gotify, ntfy or Discord message when the tunnel drops and when it recovers,
// and get either nothing or, from a shell command on every state change, a message storm while the tunnel flaps.
//
// What it does:
// - the first tunnel-down of an outage sends "down" (cause, last error, time of the event); later downs and ups while
//   the outage lasts are only counted;
// - the first successful health check after the tunnel is back (onHealthy) sends "back up" with how long it was down
//   and how many times it flapped;
// - an outage that starts within QUIET_MS of the last "back up" is a flap of the same trouble: it is not announced;
//   if it lasts QUIET_MS or longer, its end says so, else it is counted into the next message.
// So a flapping tunnel sends at most one "down" and one "back up" per QUIET_MS.
//
// Where the messages go: set the URLs below (empty: not used) and grant each host in HOOK_FETCH_ALLOW, e.g.
//   HOOK_FETCH_ALLOW=ntfy.sh:443,192.168.1.20:8080,discord.com:443
// Tokens come from the environment, never from this file: HOOK_SECRET_NTFY_TOKEN (optional), HOOK_SECRET_GOTIFY_TOKEN.
// A public service cannot be reached while the tunnel is down: tunnelkeeper holds that call and sends it when the
// tunnel is back (the text carries the time of the event). A LAN receiver (FIREWALL_OUTBOUND_SUBNETS, by address)
// gets it at once.
export const apiVersion = 2;

const NTFY_URL = "https://ntfy.sh/tunnelkeeper-change-me";  // an ntfy topic URL
const GOTIFY_URL = "http://192.168.1.20:8080";               // a Gotify server (its /message endpoint is used)
const WEBHOOK_URL = "https://discord.com/api/webhooks/change/me"; // a Discord-style webhook: {"content": "..."}
const QUIET_MS = 5 * 60 * 1000;

let outage = null;      // { since, cause, error, flaps, announced }
let lastEndAt = null;
let carried = 0;        // flaps of short silent outages, told in the next message

function secret(name) {
  try { return tk.secret(name); } catch (e) { return null; }
}

function when(ms) {
  return new Date(ms).toISOString().replace(".000Z", "Z");
}

function minutes(ms) {
  const s = Math.round(ms / 1000);
  return s < 120 ? s + " s" : Math.round(s / 60) + " min";
}

async function send(title, text, priority) {
  const calls = [];
  if (NTFY_URL) {
    const headers = { Title: title, Priority: String(priority), Tags: priority > 3 ? "warning" : "white_check_mark" };
    const token = secret("NTFY_TOKEN");
    if (token) headers.Authorization = "Bearer " + token;
    calls.push(tk.fetch(NTFY_URL, { method: "POST", headers, body: text }));
  }
  if (GOTIFY_URL) {
    const token = secret("GOTIFY_TOKEN");
    calls.push(tk.fetch(GOTIFY_URL + "/message", { method: "POST", headers: token ? { "X-Gotify-Key": token } : {},
      body: { title, message: text, priority: priority * 2 } }));
  }
  if (WEBHOOK_URL) {
    calls.push(tk.fetch(WEBHOOK_URL, { method: "POST", body: { content: "**" + title + "**\n" + text } }));
  }
  for (const result of await Promise.allSettled(calls)) {
    if (result.status === "rejected") tk.log("not delivered:", result.reason.message);
    else if (!result.value.ok) tk.log("the receiver answered", result.value.status);
  }
}

export async function onTunnelDown(e) {
  if (outage !== null) {
    outage.flaps++;
    return;
  }
  const quiet = lastEndAt !== null && e.now - lastEndAt < QUIET_MS;
  outage = { since: e.now, cause: e.cause, error: e.lastError, flaps: 0, announced: !quiet };
  if (quiet) {
    tk.log("down again within", minutes(QUIET_MS), "of the last recovery: not announced");
    return;
  }
  await send("VPN down", "The VPN tunnel to " + (e.server ?? "the server") + " went down at " + when(e.now)
    + " (" + e.cause + (e.lastError ? ": " + e.lastError : "") + ").", 4);
}

export async function onTunnelUp(e) {
  // the end is announced when a health check passes through the new tunnel (onHealthy), not at every flap
}

export async function onHealthy(e) {
  if (outage === null) return;
  const o = outage;
  outage = null;
  lastEndAt = e.now;
  const downFor = e.now - o.since;
  const flaps = o.flaps + carried;
  if (!o.announced && downFor < QUIET_MS) {
    carried = flaps + 1;
    return;
  }
  carried = 0;
  const flapped = flaps > 0 ? ", " + flaps + " more drop(s) meanwhile" : "";
  const title = o.announced ? "VPN back up" : "VPN was down again";
  await send(title, "The VPN is healthy again through " + (e.server ?? "the server") + " after " + minutes(downFor)
    + " (down since " + when(o.since) + flapped + ").", 3);
}
