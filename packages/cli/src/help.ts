import { EXIT_TABLE } from './exit-codes.js';

const READER_HELP = `  --transport <t>       pcsc (default, or the config's Mode), galss, or demo (the bundled
                        synthetic card in an in-process virtual reader: no reader needed;
                        galss and demo need @openvitale/transport-galss and
                        @openvitale/virtual-card installed beside the CLI)
  --reader <r>          auto (default: the reader holding a Vitale card), a reader's exact
                        name, or a unique part of it; over GALSS, a resource's name or alias
  --config <file>       an api_lec.ini-style file (Ressource_Vitale, Mode, CentreCarte0000, ...)`;

const SCOPE_HELP = `  --identification      only the persons' identification (default; API 6.31's simplified read)
  --full                everything freely readable (files, card data, diagnostics)`;

const RENDER_HELP = `  --format <f>          text, json or xml. Default: text on a terminal, JSON when stdout is
                        piped or redirected; with --out, from the file's extension
  --json                the same as --format json
  --xml-profile <p>     XML only: official (default: only the official API's elements, as a
                        6.31 consumer reads them) or extended (plus OpenVitale's, namespaced)
  --pretty              XML only: indented, one element per line (default: compact, as the
                        official API writes it)
  --encoding <e>        XML only: latin1 (default, ISO-8859-1 as the official API) or utf8
  --centre-carte-0000   force amo/centreCarte to 0000 for régime général persons (the 6.31 setting)
  --nir-spaced          print the NIR with a space before its key
  --redact              mask NIRs and names (for logs and support requests)
  -o, --out <file>      write the data to a file instead of stdout`;

const OUTPUT_HELP = `${SCOPE_HELP}
${RENDER_HELP}`;

const TEST_HELP = `Testing the demo transport:
  --demo-profile <p>    a card profile file (fixtures/cards/*.json), demo, or none (empty reader)
  --demo-fault <f>      remove-before:N, remove-after:N or mute:N (APDU number); repeatable`;

export const HELP: Readonly<Record<string, string>> = {
  main: `Usage: openvitale <command> [options]

Reads the French health-insurance card (carte Vitale): the open counterpart
of the SESAM-Vitale "API de Lecture Vitale" test tool.

Commands:
  read              wait for a card, read it, print it (text, JSON or XML)
  readers           list every reader, the card in it and its state
  watch             read each inserted card; one JSON event per line (NDJSON)
  trace             record a read as a trace file, anonymised, for bug reports
  replay <file>     read a trace file as if it were a reader
  doctor            check pcscd, the PC/SC library, readers, GALSS, the config file
  migrate-galss <galss.ini>   show how a GALSS site maps to PC/SC readers
  serve             the local service for web applications (loopback HTTP + WebSocket, demo page)

Options:
  -h, --help        help (also: openvitale <command> --help)
  -v, --version     the version

Examples:
  openvitale read --transport demo          the bundled synthetic card, no reader needed
  openvitale read                           the card in any PC/SC reader
  openvitale read --format xml --out carte.xml
  openvitale doctor

Output of read, readers and replay: text on a terminal,
JSON when stdout is piped or redirected (--format changes it); watch writes
NDJSON; doctor and migrate-galss write text. Data go to stdout, messages to
stderr. Colours only on a terminal, never with NO_COLOR.

Exit codes:
${EXIT_TABLE.map(([code, text]) => `  ${String(code).padStart(3)}  ${text}`).join('\n')}
`,

  read: `Usage: openvitale read [options]

Waits for a card (--wait), reads it and prints it. On a terminal a progress
line shows on stderr while it waits.

Options:
${READER_HELP}
  --wait <seconds>      how long to wait for a card (default 60; 0: look once, now)
  --wait-for-reader     also wait for the reader to be plugged in (else a reader name that
                        matches none, or no reader at all, fails at once)
${OUTPUT_HELP}
  -h, --help            this help

${TEST_HELP}

Examples:
  openvitale read --transport demo
  openvitale read --transport demo --format xml --centre-carte-0000
  openvitale read --transport demo --full --format xml --xml-profile extended --pretty
  openvitale read --reader "00 00" --wait 120 --out carte.xml
  openvitale read --full --format json | jq .listeBenef
  openvitale read --config api_lec.ini --redact
`,

  readers: `Usage: openvitale readers [options]

Lists every reader on every available transport (PC/SC, GALSS), with the
card in it (its generation from the ATR) and its state; a GALSS terminal
another application holds is shown held, with the holder's name. A
transport that is not installed is passed over in silence (name it with
--transport to see why); one installed but not working (pcscd stopped) is
reported on stderr.
Text on a terminal, JSON when piped.

Options:
  --transport <t>       only this transport: pcsc, galss or demo
  --config <file>       an api_lec.ini-style file (BibliothequeGALSS)
  --format <f>          text or json
  --json                the same as --format json
  -h, --help            this help

Examples:
  openvitale readers
  openvitale readers --json
  openvitale readers --transport demo
`,

  watch: `Usage: openvitale watch [options]

Stays running and prints one JSON object per line (NDJSON) on stdout:
  {"event":"reader-added","reader":...}        {"event":"reader-removed",...}
  {"event":"card-inserted","reader":...,"atr":...,"card":"vitale-2"}
  {"event":"card-removed","reader":...}
  {"event":"reader-held","reader":...,"holder":...}   {"event":"reader-released",...}
  {"event":"read-result","reader":...,"data":{...the JSON form...}}
  {"event":"read-error","reader":...,"code":"CARD_REMOVED","exitCode":5,"message":...}
Each event has "time" (ISO 8601); a read-error has "detail" when there is a
native one. Runs for weeks: it keeps nothing of a card once its event is
printed. Ctrl-C, SIGTERM, or the end of its output (| head) end it (exit 0).

Options:
${READER_HELP}
  --identification, --full, --centre-carte-0000, --nir-spaced, --redact: as for read
  --json                accepted: the output is always JSON
  -h, --help            this help

${TEST_HELP}

Examples:
  openvitale watch --redact
  openvitale watch --transport demo | head -n 3
`,

  trace: `Usage: openvitale trace [options] --out <file>

Reads a card like "read" and records every APDU in a trace file
(docs/trace-format.md) for a bug report. The trace is ANONYMISED by
default: names, NIRs and birth dates are replaced by fake values of the
same length (the same real value always gives the same fake value within
a trace; fake NIRs have a valid key), and a header says so. "openvitale
replay" reads it back. A Vitale 1 card cannot be anonymised (its memory
layout is not public).

Options:
${READER_HELP}
  --wait <seconds>      how long to wait for a card (default 60)
  --wait-for-reader     also wait for the reader to be plugged in
  --identification, --full   which read to record (default identification)
  -o, --out <file>      the trace file (default: stdout)
  --raw                 keep the real card data (do not share the file!)
  -h, --help            this help

${TEST_HELP}

Examples:
  openvitale trace --out bug-1234.trace
  openvitale trace --full --out bug-1234.trace
  openvitale trace --transport demo --out demo.trace && openvitale replay demo.trace
`,

  replay: `Usage: openvitale replay <file> [options]

Reads a trace file as if it were a reader, with the same procedures as
"read", and prints the same output: the read its header names
(--identification or --full); asked for the other one, it says which read
the trace holds.

Options:
  --identification, --full   the read the trace holds (default: the one its header names)
${RENDER_HELP}
  -h, --help            this help

Examples:
  openvitale replay bug-1234.trace
  openvitale replay bug-1234.trace --full --format xml
`,

  doctor: `Usage: openvitale doctor [options]

Checks the environment and says what to fix, one line per check with OK,
WARN or FAIL: the PC/SC service (pcscd), the readers it sees, the PC/SC
binding, the GALSS library and whether its server answers, the config file, and whether the local agent
(openvitale serve) is running. Exits 8 if a check failed.

Options:
  --config <file>       also check this api_lec.ini-style file
  --agent-port <n>      the agent's port (default 7357)
  -h, --help            this help

Examples:
  openvitale doctor
  openvitale doctor --config api_lec.ini
`,

  serve: `Usage: openvitale serve [options]

Runs the local service that lets allowed web applications read the card
(@openvitale/agent): HTTP JSON API under /v1 and WebSocket events, on
loopback only, with a demo page at /. Each application pairs once with a
code the agent prints here. Runs until Ctrl-C. Needs @openvitale/agent
installed beside the CLI.

Options:
  --port <n>              default 7357
  --host <addr>           default (or localhost): both 127.0.0.1 and ::1; or one of them alone; nothing else
  --allow-origin <url>    a web application's origin (repeat for several); default: the demo page only
  --transport <t>         pcsc (default) or galss
  --galss-library <path>  the GALSS client library
  --tokens-file <path>    where paired applications' token hashes are kept
  --token-days <n>        how long a pairing lasts (default 90)
  --no-demo               no demo page
  -h, --help              this help

Examples:
  openvitale serve
  openvitale serve --allow-origin https://dpi.example.fr
`,

  'migrate-galss': `Usage: openvitale migrate-galss <galss.ini> [options]

Reads a GALSS configuration (galss.ini: /usr/local/galss/galss.ini on
Linux, in the GALSS folder on Windows) and prints which resource (CPS,
Vitale) sits on which PC/SC reader or serial terminal, and the api_lec.ini
that replaces it for OpenVitale over PC/SC (CRLF; Ressource_Vitale=auto
when galss.ini names no PC/SC reader for Vitale).

Options:
  --vitale <name>       the resource the Vitale card is read in (a LAD name or alias, or a
                        unique part of one); default Vitale or TRANSPA2
  --cps <name>          the same for the CPS card; default CPS or TRANSPA1
  -h, --help            this help

Examples:
  openvitale migrate-galss galss.ini
  openvitale migrate-galss galss.ini > api_lec.ini
  openvitale migrate-galss galss.ini --vitale TRANSPA2 --cps TRANSPA1
`,
};
