// tunnelkeeper hook API, version 2: the types of what hooks receive and may return. A file declares
// `export const apiVersion = 2` (or 1: no tk.fetch, no tk.secret, and the version 2 hooks are not called).
// Editors pick this up through scripts/jsconfig.json; annotate a hook with, for example,
//   /** @type {tunnelkeeper.Hooks["selectServer"]} */
//   export function selectServer(candidates, event) { ... }
// The reference, with the rules for several files and errors, is scripts/README.md.
//
// Times are milliseconds since the epoch (tk.now(), event.now), durations are milliseconds (fields ending in Ms),
// and an absent value is null. Every argument is plain data, a fresh copy per call: changing it changes nothing.

declare namespace tunnelkeeper {
  /** What a failed health check ran into. */
  type ErrorKind = "timeout" | "refused" | "not-permitted" | "unreachable" | "dns" | "other";

  /** The supervised VPN client's state. */
  type VpnState = "stopped" | "starting" | "running" | "stopping" | "crashed";

  /** onHealthCheckFailed's event. */
  interface HealthCheckFailedEvent {
    /** "check-failed": a check failed while the window runs (the built-in waits);
     *  "window-elapsed": the program has been unhealthy for the whole window (the built-in restarts). */
    trigger: "check-failed" | "window-elapsed";
    now: number;
    /** The last failed check's error, e.g. "dial tcp 1.1.1.1:443: i/o timeout"; null if none finished yet. */
    error: string | null;
    errorKind: ErrorKind | null;
    /** Failed checks since the last success (or since start). */
    consecutiveFailures: number;
    /** Since the last success (or since start). */
    unhealthyForMs: number;
    /** The current window: how long unhealthy before the built-in restarts (6 s, then 11 s, 16 s, ...). */
    windowMs: number;
    /** How much of the current window has run; it starts again after each restart. */
    windowElapsedMs: number;
    /** Restarts the healer has asked for since start. */
    restarts: number;
    /** When the healer last asked for one. */
    lastRestartAt: number | null;
    /** The server of the current connection attempt. */
    server: string | null;
    vpnState: VpnState;
  }

  /** onHealthCheckFailed's answer. Return nothing to let the built-in decide. */
  type HealDecision =
    | { action: "wait"; reason?: string }
    /** Restart the VPN now; the window grows as after any restart. reason is required: it is logged. Not honoured
     *  on a failed check within HEALTH_VPN_DURATION_INITIAL of the last restart (a new tunnel gets that long). */
    | { action: "restart"; reason: string };

  /** One failure of a server: a connect attempt that never came up, or a tunnel that went down. */
  interface Failure {
    at: number;
    kind: "connect" | "lost";
    ip: string;
    reason: string;
  }

  /** What happened with a server since start. */
  interface History {
    timesChosen: number;
    lastChosenAt: number | null;
    connectFailures: number;
    losses: number;
    lastConnectedAt: number | null;
    /** When a health check last passed through it. */
    lastHealthyAt: number | null;
    lastFailureAt: number | null;
    /** The last 10 failures, oldest first. */
    recentFailures: Failure[];
  }

  /** A server that passed the SERVER_* filters. */
  interface Candidate {
    /** How logs and answers name it: server_name, else hostname, else its first address. */
    name: string;
    /** Its position in the servers file. */
    index: number;
    vpn: "openvpn" | "wireguard";
    /** "" when not known, as are region, city and hostname. */
    country: string;
    region: string;
    city: string;
    hostname: string;
    ips: string[];
    /** It failed within SERVER_COOLDOWN: the built-in passes it over while another has not failed. */
    coolingDown: boolean;
    history: History;
  }

  /** selectServer's second argument. */
  interface SelectionEvent {
    now: number;
    /** The server of the previous attempt. */
    previous: string | null;
    /** SERVER_COOLDOWN. */
    cooldownMs: number;
  }

  /** selectServer's answer: one of the candidates, or its name. Return nothing to let the built-in choose. */
  type ServerChoice = Candidate | string | { name: string; reason?: string };

  /** onHealthCheckSucceeded's event. */
  interface HealthCheckSucceededEvent {
    now: number;
    server: string | null;
    /** Healthy on this tunnel: since the last failed check, or since the tunnel came up if that is later. */
    healthyForMs: number;
    /** Since the tunnel came up; null unless the VPN is running. */
    connectedForMs: number | null;
    vpnState: VpnState;
    /** Every server that passed the filters, with its history. */
    candidates: Candidate[];
  }

  /** onHealthCheckSucceeded's answer. Return nothing (or "stay") to keep the current server. */
  type SwitchAnswer =
    | { action: "stay"; reason?: string }
    /** Restart toward `server` (one of the candidates), or without it toward any server but the current one
     *  (as the selection picks). At most one switch a minute, and only from a running tunnel. */
    | { action: "switch"; server?: string; reason: string };

  /** onHealthy's event: the first successful check after failures (or after start). */
  interface HealthyEvent {
    now: number;
    server: string | null;
    /** How long it was unhealthy. */
    unhealthyForMs: number;
    vpnState: VpnState;
  }

  /** onRestart's event: a new connect attempt after a restart or a crash (not the first start). */
  interface RestartEvent {
    now: number;
    /** Why, in the supervisor's words, e.g. "restart: unhealthy for 6s: dial tcp ...". */
    reason: string;
    /** "stopping" after a requested restart, "crashed" after the tunnel died. */
    from: VpnState;
    /** The server now being connected to. */
    server: string | null;
    /** The server of the attempt before. */
    previous: string | null;
  }

  /** onTunnelUp's event (version 2): the tunnel is up, after each connect. */
  interface TunnelUpEvent {
    now: number;
    server: string | null;
    /** VPN_INTERFACE, e.g. "tun0". */
    interface: string;
    /** The interface's addresses. */
    addresses: string[];
    /** The last public IP lookup's answer; usually null here (the lookup runs after tunnel-up: onPublicIpChanged). */
    publicIp: string | null;
    /** From the connect attempt's start to up. */
    connectMs: number;
    /** Since the last tunnel-down; null the first time. */
    downForMs: number | null;
  }

  /** Why a tunnel that was up went down. */
  type DownCause = "heal-window" | "hook" | "user" | "tunnel-lost" | "kill-switch-watch" | "stopped";

  /** onTunnelDown's event (version 2). */
  interface TunnelDownEvent {
    now: number;
    server: string | null;
    cause: DownCause;
    /** The supervisor's words, e.g. "unhealthy for 6s: dial tcp ...". */
    reason: string;
    /** The last failed health check's error, or null. */
    lastError: string | null;
    upForMs: number | null;
    vpnState: VpnState;
  }

  /** onPublicIpChanged's event (version 2): the lookup found an address other than the last one. */
  interface PublicIpChangedEvent {
    now: number;
    ip: string;
    previous: string | null;
    country: string;
    region: string;
    city: string;
    server: string | null;
  }

  /** onPortForwarded's event (version 2): the ports forwarded through the tunnel changed (VPN_PORT_FORWARDING). */
  interface PortForwardedEvent {
    now: number;
    /** The ports forwarded from now on; empty when forwarding stopped with the tunnel. */
    ports: number[];
    /** The ports forwarded until now; empty for a tunnel's first port. */
    previous: number[];
    server: string | null;
  }

  /** tk.fetch's options. */
  interface FetchOptions {
    /** GET (default), POST, PUT, PATCH, DELETE or HEAD. */
    method?: string;
    /** Host, Content-Length, Connection and Transfer-Encoding are set by the host. */
    headers?: Record<string, string>;
    /** A string is sent as it is; anything else as JSON, with Content-Type: application/json. At most 64 KiB. */
    body?: unknown;
    /** For the whole call; default 5000, at most 30000. */
    timeoutMs?: number;
  }

  /** tk.fetch's answer. Redirects are not followed: a 3xx comes back as it is. */
  interface FetchResponse {
    status: number;
    /** status 200-299 */
    ok: boolean;
    /** Header names in lower case. */
    headers: Record<string, string>;
    /** The body was longer than 64 KiB and was cut there. */
    truncated: boolean;
    text(): Promise<string>;
    json(): Promise<unknown>;
  }

  /** The exports the host looks for. Each is optional; a file exports apiVersion and any of these. */
  interface Hooks {
    onHealthCheckFailed?(event: HealthCheckFailedEvent): HealDecision | undefined | void;
    selectServer?(candidates: Candidate[], event: SelectionEvent): ServerChoice | undefined | void;
    onHealthCheckSucceeded?(event: HealthCheckSucceededEvent): SwitchAnswer | undefined | void;
    /** A notification: the return value is ignored. */
    onHealthy?(event: HealthyEvent): unknown;
    /** A notification: the return value is ignored. */
    onRestart?(event: RestartEvent): unknown;
    /** A notification (version 2); may be async and call tk.fetch. */
    onTunnelUp?(event: TunnelUpEvent): unknown;
    /** A notification (version 2); may be async and call tk.fetch. */
    onTunnelDown?(event: TunnelDownEvent): unknown;
    /** A notification (version 2); may be async and call tk.fetch. */
    onPublicIpChanged?(event: PublicIpChangedEvent): unknown;
    /** A notification (version 2); may be async and call tk.fetch. */
    onPortForwarded?(event: PortForwardedEvent): unknown;
  }

  /** The global `tk`: the only helpers a hook has (no IO but tk.fetch as granted, no timers, no host access). */
  interface Helpers {
    /** One log line, `INFO [hooks] <file>: <parts joined by spaces>` (at most 20 lines per call). */
    log(...parts: unknown[]): void;
    /** Now, in ms since the epoch, by the supervisor's clock (the fixture's in test-hook): prefer it to Date.now(). */
    now(): number;
    /**
     * Version 2, notification hooks only, at most 4 calls per event. The URL's host:port must be granted by
     * HOOK_FETCH_ALLOW (and a name's addresses are checked again); a refusal or failure rejects with an Error that
     * says why and which setting would allow it. While the tunnel is down, a call that would cross it waits for the
     * next tunnel-up; one to an address of FIREWALL_OUTBOUND_SUBNETS goes at once.
     */
    fetch(url: string, options?: FetchOptions): Promise<FetchResponse>;
    /** Version 2: the value of HOOK_SECRET_<name>; throws when it is not set. Masked wherever the host writes text. */
    secret(name: string): string;
  }
}

declare const tk: tunnelkeeper.Helpers;
