// tunnel-webhook.mjs: POST a JSON event to your own endpoint when the tunnel goes up or down, with the public IP.
// The problem (gluetun #3075): users want to run something on tunnel up/down with its context (update a DNS record
// or a firewall with the new exit address, tell a dashboard), and had only a shell command with no payload.
//
// Each event is one POST of JSON to WEBHOOK_URL:
//   {"event": "up",   "at": ms, "server": "se-1", "publicIp": "198.51.100.7", "interface": "tun0", "connectMs": 812}
//   {"event": "down", "at": ms, "server": "se-1", "publicIp": "198.51.100.7", "cause": "tunnel-lost", "lastError": "..."}
// The public IP is looked up after the tunnel is up, so "up" is sent when the address is known (onPublicIpChanged),
// or at once when it already is; with PUBLICIP_ENABLED=off set WAIT_FOR_IP to false. "down" carries the last address.
// Grant the endpoint in HOOK_FETCH_ALLOW (e.g. 192.168.1.10:8123); a bearer token may come from HOOK_SECRET_WEBHOOK_TOKEN.
export const apiVersion = 2;

const WEBHOOK_URL = "http://192.168.1.10:8123/api/webhook/vpn";
const WAIT_FOR_IP = true;

let lastIp = null;
let pendingUp = null;   // the "up" event waiting for its public IP

async function post(event) {
  const headers = {};
  try { headers.Authorization = "Bearer " + tk.secret("WEBHOOK_TOKEN"); } catch (e) { /* no token: none sent */ }
  try {
    const r = await tk.fetch(WEBHOOK_URL, { method: "POST", headers, body: event });
    if (!r.ok) tk.log("the webhook answered", r.status, "to", event.event);
  } catch (e) {
    tk.log("the webhook was not told of", event.event + ":", e.message);
  }
}

export async function onTunnelUp(e) {
  const event = { event: "up", at: e.now, server: e.server, publicIp: e.publicIp, interface: e.interface,
    connectMs: e.connectMs };
  if (e.publicIp === null && WAIT_FOR_IP) {
    pendingUp = event;
    return;
  }
  await post(event);
}

export async function onPublicIpChanged(e) {
  lastIp = e.ip;
  if (pendingUp !== null) {
    const event = { ...pendingUp, publicIp: e.ip };
    pendingUp = null;
    await post(event);
  } else {
    await post({ event: "ip-changed", at: e.now, server: e.server, publicIp: e.ip, previous: e.previous });
  }
}

export async function onTunnelDown(e) {
  pendingUp = null;
  await post({ event: "down", at: e.now, server: e.server, publicIp: lastIp, cause: e.cause, lastError: e.lastError });
}
