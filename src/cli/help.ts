// What `portas COMMAND --help` prints beyond the one-line usage: each option in words a researcher can follow.

/** Option descriptions per command name. A command missing here still gets its usage and summary. */
export const COMMAND_HELP: Readonly<Record<string, string>> = {
  flagship: `Runs the flagship study (Russians in Serbia, 2024) end to end with its synthetic replica.

  --out DIR        where the report, exports and keys go (default out/flagship)
  --port N         the port the survey is served on afterwards (default 8080)
  --no-serve       stop when the report is written instead of serving the survey and opening the studio
  --no-open        serve and start the studio, but do not open a browser (the studio's address is printed)
Afterwards the studio (portas studio) runs on out/flagship/workspace: the flagship's questionnaire, key,
fieldwork monitor, dataset and report in a browser, on this machine only.`,
  studio: `Starts the researcher studio: a web application on this machine only (127.0.0.1), for
everything from questionnaire to report — studies, keys, fieldwork, monitor, data and report.
It prints an address with a secret in it (do not share it) and opens your browser when it can.
The private key and the opened data stay in the workspace folder on this machine. See docs/studio.md.

  --workspace DIR   where studies, keys, pulled data and reports are kept (default portas-workspace)
  --port N          the port (default: any free one)
  --no-open         only print the address; do not open a browser
  --lang en|ru      the studio's language at start (it can be switched on every page)`,
  study: `A study folder holds instrument.yaml and, as the study grows, study.pub (its public key),
study.yaml (settings), disclosure.yaml and report.yaml. The same actions as the studio's Studies and
Settings screens (one Study API under both).

  new --from-xlsform FORM.xlsx --out DIR   a study from an ODK/Kobo form; problems located by sheet:row:column
      [--missing-codes]                    map dont_know, refused, -99… choices to typed missing values
  new --from-yaml FILE --out DIR           a study from instrument YAML (written only when it has no error)
  new --flagship --out DIR                 a copy of the flagship study (its questionnaire, disclosure
                                           policy, report spec and benchmarks; not its demo replica)
  list [WORKSPACE]                         the study folders in WORKSPACE (default .), with key and problems
  settings STUDY_DIR                       every setting: its value or default, and what it means
  settings STUDY_DIR --set KEY=VALUE...    change settings (KEY= goes back to the default); nothing is
                                           written if any value is refused
Settings: coupons_per_respondent, coupon_valid_days, entry_without_coupon, period, max_form_age_minutes,
public_address, onion_address, synthetic, and the caps max_responses (the survey closes to new
respondents; paths already started finish and are kept), max_wave (seeds are wave 0; that wave gets
no coupons) and max_chain_size (a seed's chain that large gets no more coupons). The languages are
the questionnaire's (instrument.yaml). See docs/fieldwork-caps.md.`,
  import: `Reads an XLSForm (ODK / KoboToolbox: sheets survey, choices, settings) and writes
studies/NAME/instrument.yaml. Everything that cannot be carried over is reported as
form.xlsx:survey:R14:C3 with the item and what to do instead; nothing is dropped silently.
Exit 0: imported completely; 1: written, but some parts were not carried over; 2: not written.

  xlsform FORM.xlsx --out studies/NAME/
  --missing-codes   map choices named dont_know, dk, dnk, refused, prefer_not, pnta, -88, -99, 98, 99…
                    to portas' typed missing values ("don't know", "prefer not to answer"); the
                    mapping is printed
  --force           replace an existing instrument.yaml
See docs/xlsform.md.`,
  'export-form': `Writes the questionnaire as an XLSForm (sheets survey, choices, settings) in ODK and
KoboToolbox conventions: one field-list group per page, choice names are the codes,
"don't know" and "prefer not to answer" as choices. A 'portas' column keeps what XLSForm
cannot say (flags, nets, recodes, ranges), so 'portas import xlsform' gives back the same
instrument. For showing colleagues or a non-sensitive pilot elsewhere: other tools do not
seal answers the way portas does. See docs/xlsform.md.

  --xlsform STUDY_DIR|instrument.yaml   the questionnaire to write
  --out FORM.xlsx                       where the form goes
  --force                               replace an existing file`,
  doctor: `Checks, on the server, everything the privacy promise depends on and says, for each,
ok, WARNING (weaker than deployed, or cannot be checked here) or FAILED (breaks a promise), with
what to do. Always: the store's settings (PostgreSQL's commit timestamps, logging and WAL against
the settings portas deploy writes; SQLite's file modes, journal and free space for a reshuffle) and
the storage key file and the state folder. Where portas deploy installed the service (or with --deployment):
the systemd unit's sandbox (the file, and 'systemctl show' of the running service), the torrc onion
service with proof-of-work on and Tor including it, journald in memory only, the backup folder
holding age-encrypted copies only, the state directory's mode, and /healthz answering.
The store and state folder are then read from the unit's ExecStart. Exit 1 when something failed.

  --store URL        sqlite:FILE or postgres://… (default: the unit's, else sqlite:portas.sqlite)
  --store-key FILE   the storage key file (default: FILE.key beside SQLite; see docs/storage.md)
  --state-dir DIR    where the storage key file lives (default: the unit's, else portas-state)
  --deployment       check the deployment even if /etc/systemd/system/portas.service is missing
  --store-only       check the store only (what portas serve does at start-up)
  --root DIR         read the deployment's files under DIR (a copy of a server's /etc and /var)
  --url URL          where /healthz is asked (default http://HOST:PORT from the unit)
  --json             print {ok, findings: [{level, what, hint}]} instead of text`,
  check: `Reads each questionnaire file, or each study folder whole (settings, disclosure.yaml, report.yaml,
benchmarks too), and lists every problem at once as file:line:col, with a hint.
Exit status 1 when any file has an error.`,
  preview: `Prints the questionnaire (an instrument file or a study folder's) page by page as a respondent would read it.

  --lang CODE      one of the questionnaire's languages (default: its first)`,
  keygen: `Makes a study key. STUDY_DIR/study.pub is the public half that goes to the server; the private
key is written, protected by a passphrase, outside the study folder. It never goes to the server.

  --out FILE               where the private key goes (default: beside the study folder,
                           STUDY-KEYID.key.age; never inside it)
  --classic                an X25519-only key (any age ≥ 1.0 opens it) instead of the post-quantum hybrid
  --shares K/N             also split it among N people, any K of whom rebuild it (e.g. 2/3)
  --sheet FILE.html        write the printable recovery sheet (with one page per share); no passphrase on it
  --passphrase-file FILE   read the passphrase from a file instead of asking`,
  key: `Splits a study key into N shares so that any K of them rebuild it (Shamir), or joins shares.

  split KEY_FILE --shares N --threshold K --out DIR
  join SHARE... --out KEY_FILE        SHARE: a share's text or a file holding one ('restore' is the same)
  --study STUDY_DIR                   join: check the rebuilt key is the one the study's responses are sealed to
  --passphrase-file FILE              read the key's passphrase from a file instead of asking`,
  serve: `Serves the survey pages and the researcher API for one or more study folders.

  --store URL        sqlite:FILE (default sqlite:portas.sqlite) or postgres://USER@HOST/DB
  --host H           the address to listen on (default 127.0.0.1; put Tor or a proxy in front)
  --port N           default 8080
  --state-dir DIR    where the storage key file lives (form keys are in the store) (default portas-state)`,
  deploy: `Writes into DIR (which must not exist yet) what a two-person team needs to run the studies on a
fresh Debian server as a Tor onion service: a sandboxed systemd unit, a torrc snippet with proof-of-work
on, journald and PostgreSQL settings that keep no address, a daily age-encrypted backup of the sealed
store, and install.sh to put them in place. Nothing secret is copied: from each study folder only
instrument.yaml, study.pub and study.yaml. Step by step: docs/deploy.md; afterwards 'portas doctor'
checks the running deployment against all of it.

  --out DIR                  where the files go
  --store sqlite|postgres    the store the server will use (default sqlite: /var/lib/portas/store.sqlite)
  --app-dir DIR              where the portas source is installed on the server (default /opt/portas)
  --node FILE                the Node.js binary on the server (default /usr/bin/node)
  --user NAME                the system user the server runs as, and its PostgreSQL role (default portas)
  --port N                   the loopback port Tor forwards to (default 8080)`,
  'migrate-store': `Moves every study's sealed responses, coupons (used, unused, their expiry; revoked ones stay
gone) and researcher tokens from one store to another: sqlite:FILE → postgres://… or back. Stop the
service first: respondents half-way through a questionnaire have to start again, nothing acknowledged
is lost. The target is written in one transaction under a new storage key of its own, rows in that
key's order (unrelated to the source's), and committed only when its content digest equals the
source's. The source is only read, never changed or deleted. See docs/deploy.md.

  SOURCE_URL TARGET_URL      sqlite:FILE or postgres://USER@HOST/DB, either way round
  --replace                  empty a target that already holds rows (refused otherwise)
  --source-key-file FILE     the source's storage key file (default as 'portas serve' finds it)
  --target-key-file FILE     where the target's new key goes (default FILE.key beside SQLite,
                             DIR/store-HOST-PORT-DB.key for PostgreSQL)
  --state-dir DIR            where PostgreSQL key files live by default (default portas-state)
  --json                     print the result (counts per study, digest) as JSON`,
  coupons: `Issues seed coupons, or revokes unredeemed ones. Codes are shown once and stored only keyed.

  seed STUDY_DIR --n N     issue N seed coupons; --sheet FILE.html writes a printable sheet of them
  --expiry PERIOD          the last period in which they may be redeemed (2024-W30, 2024-07 or 2024-07-28)
  revoke STUDY_DIR --all   make every unredeemed coupon of the study unusable (after a seizure, say)
  revoke STUDY_DIR --below CODE
                           that coupon if unredeemed, else every unredeemed coupon in the recruitment
                           tree below it. Redeemed coupons and responses stay.
  --store URL              sqlite:FILE (default sqlite:portas.sqlite) or postgres://…
  --store-key FILE         the storage key file (default: FILE.key beside SQLite; see docs/storage.md)`,
  token: `Creates a researcher API token for 'portas pull'. It is shown once; the store keeps only its hash.

  add STUDY_ID --label TEXT   a label to tell tokens apart
  --store URL                 the server's store (default sqlite:portas.sqlite)
  --store-key FILE            the storage key file (default: FILE.key beside SQLite; see docs/storage.md)`,
  pull: `Downloads the sealed responses and the recruitment tree. They stay sealed; safe to repeat.

  --server URL         the survey server's address
  --study ID           the study's id
  --token-file FILE    a researcher token (or set PORTAS_TOKEN)
  --out DIR            default pulled/
  --socks HOST:PORT    reach the server through a SOCKS5 proxy, e.g. Tor's 127.0.0.1:9050 for an
                       onion service (the proxy resolves the address; nothing is looked up locally)`,
  monitor: `Shows how fieldwork is going without opening a single response: responses per collection
period, coupons issued, redeemed and close to expiry, the recruitment chains (size and waves per
seed) and warnings (a chain that dominates, seeds that recruit nobody, coupons about to expire).
Everything is counted on the server; no coupon code or response id is sent.

  --server URL         the survey server's address (https://… or http://….onion)
  --study ID           the study's id
  --token-file FILE    a researcher token (portas token add), or set PORTAS_TOKEN
  --study-dir DIR      the study folder: also show progress towards its caps (study.yaml's
                       max_responses, max_wave, max_chain_size) and warn near or at each
  --socks HOST:PORT    through a SOCKS5 proxy, e.g. Tor's 127.0.0.1:9050 for an onion service
  --json               print the server's figures as JSON (with --study-dir, a "caps" list too)
  --lang en|ru         the language of the text (default en)`,
  open: `Opens pulled responses on this machine with the study's private key and writes a data package
(CSV + codebook). Do this on your own computer only, never on the server.

  --study STUDY_DIR        the study folder (its instrument)
  --key KEY_FILE           the private key file made by 'portas keygen'
  --out DIR                default PULLED_DIR/dataset
  --passphrase-file FILE   read the passphrase from a file instead of asking
  --progress               show progress: responses read of all, and how many could not be opened
                           (a bar on a terminal; a line per tenth when written to a file or pipe)`,
  estimate: `Weighted estimates with standard errors and confidence intervals, from a CSV file or an opened
dataset, as described by a JSON spec (see docs/analysis.md).

  --data FILE.csv|DATA_DIR   the data
  --spec SPEC.json           what to estimate, the design and the weights
  --json                     machine-readable output`,
  risk: `Re-identification risk of an opened dataset: k-anonymity, l-diversity and individual risk on the
quasi-identifiers the questionnaire flags.

  --k N            the k to check against (default 5)
  --population N   the population size, for individual risk`,
  report: `Writes the study's report from an opened dataset through disclosure control: report.json, the
HTML report in each language, and a PDF when Chromium is installed.

  --study STUDY_DIR   the study folder (its report.yaml and disclosure.yaml)
  --out DIR           where the report goes
  --seed N            the bootstrap's seed (default 1)
  --replicates N      bootstrap replicates (default 1000; at least 50)
A number that disclosure control hides (too few respondents in a cell) is shown as "hidden" in the
report, and a warning names the line of report.yaml that asks for it; the report is still written.

  --check --study STUDY_DIR [FILE]   check report.yaml (or FILE, as the study's report.yaml) against the
                                     questionnaire; nothing is written. Exit 0: no problems; 1: problems
  init --study STUDY_DIR [--replace] write the default report.yaml: a figure for every question, titled
                                     with its labels; --replace keeps the old one as report.previous.yaml`,
  export: `Exports an opened dataset for other tools through the disclosure gate, with a codebook and a
syntax file (SPSS .sps, Stata .do, R) that loads it; the disclosure log is written beside the files.
The first release fixes a protected master; later ones derive from it (docs/disclosure.md).

  --format F           csv (with codebook), sav, zsav, dta or xlsx
  --out DIR            where the files go
  --study STUDY_DIR    apply the study's disclosure.yaml
  --recode VAR=R       apply a declared recode (repeatable)
  --k N                the k-anonymity to reach
  --include-text       also release free-text answers (off by default)
  --keep-system        keep system variables
  --language CODE      the language of the labels (one of the study's)
  --new-release-line   start again from the raw data instead of the master: a merge risk
  --excel              csv: with a UTF-8 BOM, so Excel reads it right
  --rds-degree ITEM    add the RDS-II weight computed from this network-size item; with it:
    --ss-population N  the successive-sampling weight for a population of N
    --rake SPEC.json   the RDS-II weight raked to the margins of a \`portas estimate\` spec
    --chains           chain (numbered per release) and wave, as far as the gate lets them out
    --replicates R     R tree-bootstrap replicate weights (withheld: they reveal the recruitment tree)
    --release-tree     release chain, wave and replicate weights exactly: a tree risk, said aloud
Formats, labels, design variables and syntax files: docs/exports.md.`,
  rds: `Respondent-driven sampling estimates, intervals and diagnostics from a recruitment table.

  --data FILE.csv      one row per respondent
  --id, --recruiter, --degree, --outcome COL   the columns
  --estimator E        rds1, rds1-smoothed, rds2 or ss
  --population N       the population size (for ss)
  --bootstrap B        bootstrap replicates, with --bootstrap-method tree|salganik|ss and --seed S
  --svg FILE           draw the recruitment tree
  --json               machine-readable output`,
  multiplier: `Population size from official counts by the multiplier method.

  --data FILE.csv      one row per respondent
  --id, --recruiter, --degree COL   the columns
  --benchmarks FILE.json            the official counts and the items they match
  --estimator E        rds2 (default), rds1, rds1-smoothed or ss
  --bootstrap B        replicates (default 1000), --bootstrap-method, --seed S, --level 0.95
  --json               machine-readable output`,
};
