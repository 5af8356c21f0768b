// The configuration files of a deployment as an onion service on Debian: pure text from a plan, no I/O.
// Every directive is here for a reason given beside it; docs/deploy.md walks an operator through them.

/** What a deployment is: where things live on the server. Paths are the server's, not this machine's. */
export interface DeployPlan {
  /** Study ids, each served from /etc/portas/studies/<id>/ (instrument.yaml, study.pub, study.yaml — no secret). */
  readonly studies: readonly string[];
  readonly store: 'sqlite' | 'postgres';
  /** Where the portas source tree is installed (`npm ci --omit=dev` run there). */
  readonly appDir: string;
  /** The Node.js binary (Debian: /usr/bin/node). */
  readonly node: string;
  /** The dedicated system user the server runs as; also the PostgreSQL role (peer authentication). */
  readonly user: string;
  /** The loopback port Tor forwards the onion service to. */
  readonly port: number;
}

export const STUDIES_DIR = '/etc/portas/studies';
export const STATE_DIR = '/var/lib/portas';
export const BACKUP_DIR = '/var/backups/portas';
export const ONION_DIR = '/var/lib/tor/portas/';
/**
 * How long `portas serve` lets requests in flight finish after SIGTERM (SHUTDOWN_GRACE_MS), and how long systemd
 * waits before SIGKILL: the grace period, then closing the store (which may rewrite it), with room to spare.
 */
export const STOP_GRACE_SECONDS = 20;
export const STOP_TIMEOUT_SECONDS = 60;

export function storeUrl(plan: DeployPlan): string {
  // PostgreSQL over its Unix socket only (listen_addresses = ''), as the service's own user (peer authentication).
  return plan.store === 'sqlite' ? `sqlite:${STATE_DIR}/store.sqlite` : `postgres://${plan.user}@/portas?host=/var/run/postgresql`;
}

export function serveCommandLine(plan: DeployPlan): string {
  const studies = plan.studies.map((s) => `${STUDIES_DIR}/${s}`).join(' ');
  return `${plan.node} ${plan.appDir}/bin/portas.js serve ${studies} --store ${storeUrl(plan)} --host 127.0.0.1 --port ${String(plan.port)} --state-dir ${STATE_DIR}/state`;
}

/**
 * The sandboxing every portas unit shares (the server and the backup): read-only system, no privileges, no kernel
 * knobs, only ordinary system calls, private files. Each unit adds its own network rules after it.
 */
export function sharedSandbox(): string {
  return `NoNewPrivileges=yes
# The whole file system is read-only except the unit's own state directory (StateDirectory=) or ReadWritePaths=.
# /home, /root and /run/user are invisible.
ProtectSystem=strict
ProtectHome=yes
PrivateTmp=yes
PrivateDevices=yes
ProtectKernelTunables=yes
ProtectKernelModules=yes
ProtectKernelLogs=yes
ProtectControlGroups=yes
ProtectClock=yes
ProtectHostname=yes
RestrictNamespaces=yes
RestrictRealtime=yes
RestrictSUIDSGID=yes
LockPersonality=yes
CapabilityBoundingSet=
SystemCallArchitectures=native
SystemCallFilter=@system-service
UMask=0077
# No core dumps: they would put the answers being sealed on disk.
LimitCORE=0`;
}

/** The server's sandbox: the shared one, then loopback-only networking and the stricter system-call and memory rules. */
function sandbox(): string {
  return `# Sandboxing (systemd.exec(5)). Checked with: systemd-analyze verify, systemd-analyze security --offline=true
${sharedSandbox()}
PrivateMounts=yes
ProtectProc=invisible
# Unix sockets (journald, PostgreSQL) and loopback TCP (Tor forwards the onion service to 127.0.0.1).
RestrictAddressFamilies=AF_UNIX AF_INET AF_INET6
# Not one packet to or from anywhere but this machine: a compromised process cannot send answers away.
IPAddressDeny=any
IPAddressAllow=localhost
RemoveIPC=yes
AmbientCapabilities=
SystemCallFilter=~@privileged
SystemCallErrorNumber=EPERM
# None of the server's memory in swap: it would put the answers it was sealing on disk.
MemorySwapMax=0
# The re-keying runs on its own thread at nice 19 and comes back to the server's priority (nice 0, never above) only
# while it holds the database's lock, so that the submissions waiting for that lock do not wait behind every busy
# thread of the machine (docs/storage.md, "Priority"); coming back needs this much headroom.
LimitNICE=+0
# MemoryDenyWriteExecute=yes is left out on purpose: V8's JIT compiler writes machine code to memory it then
# executes, and Node.js aborts under it (it would work only with node --jitless, several times slower).`;
}

/** /etc/systemd/system/portas.service */
export function systemdUnit(plan: DeployPlan): string {
  const db = plan.store === 'postgres' ? '\nAfter=postgresql.service\nRequires=postgresql.service' : '';
  return `# portas: the survey server behind the onion service. Made by \`portas deploy\`; see docs/deploy.md.
[Unit]
Description=portas survey server (${plan.studies.join(', ')})
After=network.target${db}

[Service]
Type=simple
User=${plan.user}
Group=${plan.user}
ExecStart=${serveCommandLine(plan)}
WorkingDirectory=${STATE_DIR}
Environment=NODE_ENV=production
# The one place the server writes: the store (SQLite) and the form keys, mode 0700.
StateDirectory=portas
StateDirectoryMode=0700
# On stop: SIGTERM; the server stops accepting, finishes the submissions in flight (${String(STOP_GRACE_SECONDS)} s at most), exits.
KillSignal=SIGTERM
TimeoutStopSec=${String(STOP_TIMEOUT_SECONDS)}
Restart=on-failure
RestartSec=2
# The request log (method, route pattern, status) would get a precise time stamp from journald: it is dropped.
# Errors (no request data, ever) go to the journal, which keeps it in memory only (journald-portas.conf).
StandardOutput=null
StandardError=journal

${sandbox()}

[Install]
WantedBy=multi-user.target
`;
}

/** /etc/tor/portas.torrc, included from /etc/tor/torrc (Debian's tor reads only that file). */
export function torrcSnippet(plan: DeployPlan): string {
  return `# portas: the v3 onion service. Made by \`portas deploy\`; see docs/deploy.md.
# /etc/tor/torrc includes it with the line: %include /etc/tor/portas.torrc
# Test with: tor --verify-config -f /etc/tor/torrc

# The service's keys and address (hostname) live here; back up hs_ed25519_secret_key offline, or the address is lost.
HiddenServiceDir ${ONION_DIR}
# v3 is the only version Tor still serves; stated so nobody wonders.
HiddenServiceVersion 3
# Respondents reach port 80 of the .onion address; Tor forwards to the server on loopback (it never listens outside).
HiddenServicePort 80 127.0.0.1:${String(plan.port)}
# Proof-of-work defence (Tor >= 0.4.8): under a flood, clients solve a puzzle and those who worked more are served
# first; when there is no attack the puzzle costs nothing. There are no IP addresses to rate-limit by.
HiddenServicePoWDefensesEnabled 1
# How many new circuits a second leave the priority queue (Tor's defaults: 250, burst 2500). One respondent needs one
# circuit for many minutes, and one server completes a few dozen questionnaires a second (npm run bench -- server):
# 25 a second (90,000 an hour) is far above any real crowd, yet keeps a flood from reaching the server faster than
# it can answer.
HiddenServicePoWQueueRate 25
HiddenServicePoWQueueBurst 250
# Survey pages are one HTML document each: a circuit that opens many streams at once is not a respondent.
HiddenServiceMaxStreams 32
HiddenServiceMaxStreamsCloseCircuit 1
# Tor's own log never carries an address (this is Tor's default; stated so it stays).
SafeLogging 1
`;
}

/** /etc/systemd/journald.conf.d/portas.conf */
export function journaldDropIn(): string {
  return `# portas: journald keeps the system log in memory only, bounded, and for a short time. Made by \`portas deploy\`.
# The portas server logs no request to the journal (StandardOutput=null) and no address anywhere; Tor logs with
# SafeLogging; what remains (start, stop, errors) still carries time stamps, so it should not outlive a reboot.
[Journal]
Storage=volatile
RuntimeMaxUse=32M
MaxRetentionSec=2day
ForwardToSyslog=no
ForwardToWall=no
`;
}

/**
 * /etc/postgresql/<version>/main/conf.d/portas.conf — the server settings docs/storage.md asks for.
 * Each line is checked by test/cli/deploy-postgres.test.ts against a real PostgreSQL (`postgres -C`).
 */
export const POSTGRESQL_SETTINGS: readonly (readonly [name: string, value: string, why: string])[] = [
  ['listen_addresses', "''", 'Unix socket only: no TCP port at all; portas connects over /var/run/postgresql'],
  ['fsync', 'on', 'an acknowledged response survives a power cut (the store refuses to open without it)'],
  ['full_page_writes', 'on', 'same: torn pages after a crash would lose acknowledged rows'],
  ['synchronous_commit', 'on', 'COMMIT returns after the WAL is on disk (each portas session sets it too)'],
  ['track_commit_timestamp', 'off', 'otherwise every row would carry the time it arrived (the store refuses to open)'],
  ['wal_level', 'minimal', 'no replication: the WAL holds less, and the reshuffle rewrite skips it'],
  ['max_wal_senders', '0', 'required by wal_level = minimal'],
  ['archive_mode', 'off', 'no copy of the WAL (inserts in arrival order) kept anywhere'],
  ['wal_recycle', 'off', 'old WAL segments are removed, not renamed and kept'],
  ['min_wal_size', '32MB', 'keep the WAL, which is in arrival order, small'],
  ['max_wal_size', '64MB', 'same'],
  ['wal_keep_size', '0', 'same'],
  ['log_statement', "'none'", 'no statement text in the log'],
  ['log_min_duration_statement', '-1', 'no slow-query log (it would time submissions)'],
  ['log_min_duration_sample', '-1', 'same'],
  ['log_transaction_sample_rate', '0', 'same'],
  ['log_min_error_statement', 'panic', 'a failed statement is not copied into the log'],
  ['log_parameter_max_length', '0', 'never a bound parameter in the log'],
  ['log_parameter_max_length_on_error', '0', 'same, on errors'],
  ['log_connections', 'off', 'no line per connection'],
  ['log_disconnections', 'off', 'no line (with a session duration) per disconnection'],
  ['log_hostname', 'off', 'no host names'],
  ['log_autovacuum_min_duration', '-1', 'no vacuum timings'],
  ['log_checkpoints', 'off', 'no checkpoint timings (they follow the write load)'],
  ['log_lock_waits', 'off', 'no lock-wait lines (they would time concurrent submissions)'],
  ['log_temp_files', '-1', 'no temp-file lines'],
  ['log_line_prefix', "'[%p] '", 'no time stamp, user, database or client in a log line'],
];

export function postgresqlConf(): string {
  const lines = POSTGRESQL_SETTINGS.map(([name, value, why]) => `${name} = ${value}`.padEnd(42) + `# ${why}`);
  return `# portas: PostgreSQL settings the privacy promise needs (docs/storage.md). Made by \`portas deploy\`.
# Debian: /etc/postgresql/15/main/conf.d/portas.conf, then: systemctl restart postgresql
${lines.join('\n')}
`;
}

/** Run once as the postgres superuser: the role and the database, owned by the service user (peer authentication). */
export function postgresSetupSql(plan: DeployPlan): string {
  return `-- portas: the role and database. Run as: runuser -u postgres -- psql -v ON_ERROR_STOP=1 -f postgres-setup.sql
-- Debian's pg_hba.conf already has "local all all peer": the system user ${plan.user} logs in as role ${plan.user}, no password.
CREATE ROLE ${plan.user} LOGIN;
CREATE DATABASE portas OWNER ${plan.user};
REVOKE ALL ON DATABASE portas FROM PUBLIC;
`;
}
