#!/usr/bin/env bash
# The hostile-user probe (issue 20): bad audio, bad MIDI, bad SoundFonts, absurd options,
# outputs onto inputs, kill -9 in the long commands, a full disk, path traversal and
# malformed requests to the server, and a burst of uploads. Each case prints what the
# user saw and whether it is what it should be:
#   - a refusal: exit 1, exactly one line on stderr ("remixer: …"), nothing new written;
#   - a success: exit 0 (warnings allowed).
# Needs a built checkout (npm ci builds dist/), and for some cases Debian's sox, curl,
# and root for the tmpfs (full disk) cases; the ones it cannot run are said as skipped.
#
#   scripts/probe.sh                        # prints one line per case and a summary; exit 1 if any case failed
#   KEEP=1 scripts/probe.sh                 # keeps the work folder to look at
#   REMIXER_PROBE_DIR=/some/dir scripts/probe.sh   # works in a new folder under it (default: $TMPDIR)
set -u
ROOT=$(cd "$(dirname "$0")/.." && pwd)
RX="node $ROOT/bin/remixer.js"
PARENT=${REMIXER_PROBE_DIR:-${TMPDIR:-/tmp}}
mkdir -p "$PARENT" || exit 2
W=$(mktemp -d "$PARENT/remixer-probe-XXXXXX")
export REMIXER_RUNS_DIR="$W/runs"
cd "$W" || exit 2
touch "$W/.out" "$W/.err" "$W/.body"
PASS=0 FAIL=0 SKIP=0
log() { printf '%s\n' "$*"; }
result() { # status name detail
  case "$1" in PASS) PASS=$((PASS + 1)) ;; FAIL) FAIL=$((FAIL + 1)) ;; SKIP) SKIP=$((SKIP + 1)) ;; esac
  printf '%-4s %-62s %s\n' "$1" "$2" "$3"
}
snapshot() { find "$W" -path "$W/runs" -prune -o -print 2>/dev/null | sort; }

# refuse NAME PATTERN CMD...: exit 1, one stderr line matching PATTERN, nothing new on disk.
refuse() {
  local name=$1 pattern=$2; shift 2
  local before after lines line code
  before=$(snapshot)
  "$@" >"$W/.out" 2>"$W/.err"; code=$?
  after=$(snapshot)
  lines=$(grep -v -E '^(remix|synth|import|mma|train|analyze|eval) .*[0-9]+/[0-9]+' "$W/.err" | grep -c .)
  line=$(grep -v -E '^(remix|synth|import|mma|train|analyze|eval) .*[0-9]+/[0-9]+' "$W/.err" | head -1)
  if [ "$code" = 1 ] && [ "$lines" = 1 ] && [[ "$line" =~ $pattern ]] && [ "$before" = "$after" ]; then result PASS "$name" "$line"
  else result FAIL "$name" "exit $code, $lines line(s): $line$([ "$before" = "$after" ] || echo ' [files changed]')"; fi
}
# succeed NAME PATTERN CMD...: exit 0 and stdout+stderr matching PATTERN.
succeed() {
  local name=$1 pattern=$2; shift 2
  "$@" >"$W/.out" 2>"$W/.err"; local code=$?
  local seen; seen=$(grep -E -m1 "$pattern" "$W/.out" "$W/.err" -h)
  if [ "$code" = 0 ] && [ -n "$seen" ]; then result PASS "$name" "$seen"; else result FAIL "$name" "exit $code: $(tail -1 "$W/.err")"; fi
}

log "== setting up in $W: a small dataset and a score model"
$RX dataset synth --out data --songs 6 --seconds 20 --seed 1 >/dev/null 2>&1 || { log "cannot make the dataset"; exit 2; }
$RX train --data data --out model --epochs 1 --steps-per-epoch 2 >/dev/null 2>&1 || { log "cannot train"; exit 2; }
cp data/songs/song-000/piano.wav solo.wav
HAVE_SOX=$(command -v sox >/dev/null && echo 1 || echo 0)
node -e "
const fs = require('fs');
fs.writeFileSync('empty.wav', '');
fs.writeFileSync('text.wav', 'this is a text file, not audio');
let s = 1; const rnd = Buffer.alloc(4000, 0).map(() => (s = (s * 1103515245 + 12345) % 2147483648) & 255);
fs.writeFileSync('random.mp3', rnd); fs.writeFileSync('random.mid', rnd);
const wav = fs.readFileSync('solo.wav'); fs.writeFileSync('cut.wav', wav.subarray(0, 20000));
const alaw = Buffer.from(wav.subarray(0, 2044)); alaw.writeUInt16LE(6, 20); alaw.writeUInt16LE(8, 34); fs.writeFileSync('alaw.wav', alaw);
const nan = Buffer.alloc(44 + 4000 * 4); nan.write('RIFF', 0); nan.writeUInt32LE(36 + 16000, 4); nan.write('WAVEfmt ', 8); nan.writeUInt32LE(16, 16); nan.writeUInt16LE(3, 20); nan.writeUInt16LE(1, 22); nan.writeUInt32LE(8000, 24); nan.writeUInt32LE(32000, 28); nan.writeUInt16LE(4, 32); nan.writeUInt16LE(32, 34); nan.write('data', 36); nan.writeUInt32LE(16000, 40); nan.writeFloatLE(NaN, 44 + 400); fs.writeFileSync('nan.wav', nan);
fs.writeFileSync('zero.mid', ''); fs.writeFileSync('bad.sf2', 'RIFF not a soundfont');
"
mkdir -p asdir midi-bad midi-mixed
cp random.mid zero.mid midi-bad/
cp random.mid zero.mid midi-mixed/
[ -f /usr/share/mma/lib/pflib/rock1.mid ] && cp /usr/share/mma/lib/pflib/rock1.mid midi-mixed/
if [ "$HAVE_SOX" = 1 ]; then
  sox -n -r 22050 -c 1 noise.wav synth 10 whitenoise vol 0.3
  sox -n -r 22050 -c 1 silent.wav trim 0 5
  sox -n -r 22050 -c 1 blip.wav synth 0.05 sine 440
  sox -n -r 44100 -c 2 hour.flac trim 0 3600
  sox solo.wav cut.flac trim 0 5 && truncate -s 20000 cut.flac
fi
ln -s solo.wav link.wav

log "== bad audio"
refuse "remix: missing solo" 'file not found' $RX remix nope.wav --model model --out r.wav
refuse "remix: empty file" 'file is empty \(0 bytes\)' $RX remix empty.wav --model model --out r.wav
refuse "remix: text named .wav" 'unsupported format' $RX remix text.wav --model model --out r.wav
refuse "remix: random bytes named .mp3" 'random.mp3: ' $RX remix random.mp3 --model model --out r.wav
refuse "remix: truncated WAV" 'truncated WAV' $RX remix cut.wav --model model --out r.wav
refuse "remix: A-law WAV" 'unsupported WAV encoding' $RX remix alaw.wav --model model --out r.wav
refuse "remix: NaN in a float WAV" 'non-finite samples' $RX remix nan.wav --model model --out r.wav
refuse "remix: a folder as the solo" 'is a directory' $RX remix asdir --model model --out r.wav
refuse "analyze: empty file" 'file is empty' $RX analyze empty.wav
if [ "$HAVE_SOX" = 1 ]; then
  refuse "remix: truncated FLAC" 'truncated FLAC|corrupt FLAC' $RX remix cut.flac --model model --out r.wav
  refuse "remix: silent solo" 'the recording is silent' $RX remix silent.wav --model model --out r.wav
  refuse "remix: 50 ms solo" 'fewer than two beats in 50 ms' $RX remix blip.wav --model model --out r.wav
  refuse "remix: an hour of silence (the CLI's limit is an hour)" 'in hour.flac: the recording is silent' $RX remix hour.flac --model model --out r.wav --seconds 10
  succeed "remix: white noise gets a band and a warning" 'sounds like noise' $RX remix noise.wav --model model --out noise-remix/r.wav
else for c in "truncated FLAC" "silent solo" "50 ms solo" "hour of FLAC" "white noise"; do result SKIP "remix: $c" "needs sox"; done; fi

log "== outputs never replace inputs"
refuse "remix --out onto the solo" 'is the solo .* an output never replaces an input' $RX remix solo.wav --model model --out solo.wav
refuse "remix --out onto a link to the solo" 'is the solo' $RX remix link.wav --model model --out solo.wav
refuse "remix --out ./solo.wav" 'is the solo' $RX remix solo.wav --model model --out ./solo.wav
refuse "analyze --json onto the solo" '--json solo.wav is the solo' $RX analyze solo.wav --json solo.wav
refuse "train --out over its dataset with --force" 'holds the dataset' $RX train --data data --out . --force
refuse "dataset synth --out onto a file" 'is a file, not a folder' $RX dataset synth --out empty.wav --songs 2

log "== nothing lost, round two: --force, output names, paths, damaged files"
mkdir -p mine && echo "my notes" >mine/notes.txt
refuse "dataset synth --out a folder of mine --force" 'is not a dataset Remixer made' $RX dataset synth --out mine --songs 2 --seconds 2 --force
refuse "dataset synth --out a model --force" 'is not a dataset Remixer made' $RX dataset synth --out model --songs 2 --seconds 2 --force
refuse "dataset import --out a folder of mine --force" 'is not a dataset Remixer made' $RX dataset import midi-mixed --layout midi --out mine --force
mkdir -p holder && cp -r data holder/ds
refuse "train-listener --out the folder holding its --data --force" 'holds the dataset' $RX train-listener --data holder/ds --out holder --force
refuse "dataset synth --out . --force (the working folder)" 'is the working folder or holds it' $RX dataset synth --out . --songs 2 --seconds 2 --force
mkdir -p y.mid && echo keep >y.mid/keep.txt
refuse "remix: an output name that is a folder (y.mid)" 'y.mid is a folder: a file is never written in a folder' $RX remix solo.wav --out y.wav --seconds 3
mkdir -p stemsdir/bass.wav
refuse "remix: --stems DIR/bass.wav is a folder" 'bass.wav is a folder' $RX remix solo.wav --out y2.wav --stems stemsdir --seconds 3
refuse "train-listener without --data" '--data' $RX train-listener --out lst
node -e "
const n = 1000000; const beats = Array.from({ length: n }, (_, i) => (i * 20) / n);
require('fs').writeFileSync('million.json', JSON.stringify({ beats, beatsPerBar: 4 }));"
refuse "remix --analysis with a million beats" 'at most 20 beats a second' $RX remix solo.wav --out h.wav --analysis million.json
cp -r "$ROOT/models/band" band-styles && node -e "const f='band-styles/remixer.json', j=JSON.parse(require('fs').readFileSync(f)); j.representation.styles='rock'; require('fs').writeFileSync(f, JSON.stringify(j))"
refuse "remix: a model whose styles are not a list" 'representation.styles must be a list of style names' $RX remix solo.wav --out m.wav --model band-styles
cp -r "$ROOT/models/band" band-rate && node -e "const f='band-rate/remixer.json', j=JSON.parse(require('fs').readFileSync(f)); j.sampleRate=-5; require('fs').writeFileSync(f, JSON.stringify(j))"
refuse "remix: a model at -5 Hz" 'sampleRate must be a whole number of Hz' $RX remix solo.wav --out m.wav --model band-rate
cp -r "$ROOT/models/band" band-weights && node -e "const fs=require('fs'); const f=fs.readdirSync('band-weights').find((x)=>/^weights-e/.test(x)); const b=fs.readFileSync('band-weights/'+f); for (let i=0;i<1024;i++) b[i]=(i*7919+13)&255; fs.writeFileSync('band-weights/'+f,b)"
refuse "remix: weights whose first kilobyte is random" 'damaged: its bytes do not match the checksum' $RX remix solo.wav --out m.wav --model band-weights
LONG=$(printf 'a%.0s' $(seq 1 300))
refuse "analyze --json with a 300-character name" 'the name is too long' $RX analyze solo.wav --json "$LONG.json"
ln -s loop-b.wav loop-a.wav && ln -s loop-a.wav loop-b.wav
refuse "remix: a loop of symbolic links as the solo" 'a loop of symbolic links' $RX remix loop-a.wav --out l.wav
refuse "remix missing.mp3 --out missing.wav (the solo is missing)" 'missing.mp3: file not found' $RX remix missing.mp3 --out missing.wav
succeed "remix with the shipped band model (no --model)" 'the band as MIDI' $RX remix solo.wav --out shipped/r.wav --seconds 8

log "== bad options"
refuse "remix --seconds 0" '--seconds must be a number > 0' $RX remix solo.wav --model model --out r.wav --seconds 0
refuse "remix --seconds 1e9" '--seconds must be a number' $RX remix solo.wav --model model --out r.wav --seconds 1e9
refuse "remix --sample-rate 5" '--sample-rate must be an integer >= 8000' $RX remix solo.wav --model model --out r.wav --sample-rate 5
refuse "remix --temperature -1" '--temperature must be a number >= 0' $RX remix solo.wav --model model --out r.wav --temperature -1
refuse "remix --seed 1e300" '--seed must be an integer' $RX remix solo.wav --model model --out r.wav --seed 1e300
refuse "remix --out r.mp3" 'the remix is written as WAV' $RX remix solo.wav --model model --out r.mp3
refuse "remix: missing model" 'model directory not found|not found' $RX remix solo.wav --model nomodel --out r.wav
refuse "remix: missing SoundFont" 'SoundFont not found' $RX remix solo.wav --model model --out r.wav --soundfont nope.sf2
refuse "remix: corrupt SoundFont" 'not a readable SoundFont' $RX remix solo.wav --model model --out r.wav --soundfont bad.sf2
refuse "train: sizes that cannot fit in memory" 'need about [0-9]+ MB per training step' $RX train --data data --out huge --units 4096 --feature-units 16384 --batch-size 4096 --window 30
$RX dataset synth --out short --songs 4 --seconds 4 --seed 3 >/dev/null 2>&1
refuse "train: clips shorter than the window" 'no train song is as long as one training window.*--seconds.*--window' $RX train --data short --out shortmodel
refuse "dataset synth --songs 0" '--songs must be an integer >= 1' $RX dataset synth --out x --songs 0

log "== MIDI and SoundFonts"
succeed "import: corrupt and zero-byte files skipped with --skip-bad" 'skipped (random|zero).mid' $RX dataset import midi-mixed --layout midi --out ds-mixed --skip-bad --seconds 8
refuse "import: a corrupt file without --skip-bad" 'random.mid: corrupt MIDI file' $RX dataset import midi-mixed --layout midi --out ds-again --seconds 8
refuse "import: nothing importable" 'no MIDI song could be imported \(2 skipped; the first: ' $RX dataset import midi-bad --layout midi --out ds-bad --skip-bad
refuse "import: bad SoundFont with --skip-bad (its own error)" 'bad.sf2: not a readable SoundFont' $RX dataset import midi-mixed --layout midi --out ds-sf --skip-bad --soundfont bad.sf2
refuse "import: missing source" 'nowhere: source not found' $RX dataset import nowhere --layout midi --out ds-x

log "== kill -9 in the long commands"
# A remix killed three ways once it has temporary files: its supervisor (the command's own
# thread then cleans up and ends), the command under it (the supervisor sweeps), or both at once
# (the next command sweeps). $1: which; prints how many temporary folders were left at once.
kill_remix() {
  rm -rf killed; mkdir -p killed
  ( setsid $RX remix solo.wav --model model --out killed/r.wav --stems killed/stems --seconds 600 >/dev/null 2>&1 & echo $! >"$W/.pid"; wait ) 2>/dev/null &
  # The remix listens to its 10 minutes before it writes (tens of seconds): wait for its temporary folder.
  for _ in $(seq 1 1600); do [ -n "$(find killed -name '.remixer-tmp-*' 2>/dev/null | head -1)" ] && break; sleep 0.05; done
  local sup; sup=$(cat "$W/.pid"); local cmd; cmd=$(pgrep -P "$sup" | head -1)
  case $1 in
    supervisor) kill -9 "$sup" ;;
    command) kill -9 "$cmd" ;;
    both) kill -9 -- "-$sup" ;;
  esac
  for _ in $(seq 1 40); do kill -0 "$sup" 2>/dev/null || kill -0 "$cmd" 2>/dev/null || break; sleep 0.05; done
  find killed -name '.remixer-tmp-*' 2>/dev/null | wc -l
}
left=$(kill_remix supervisor); alive=$(pgrep -f "killed/r.wav" | wc -l)
[ "$left" = 0 ] && [ "$alive" = 0 ] && result PASS "remix: its supervisor killed -9" "the command ended itself within 2 s and removed its temporary files" || result FAIL "remix: its supervisor killed -9" "$left temporary folder(s) left, $alive process(es) alive"
left=$(kill_remix command)
[ "$left" = 0 ] && result PASS "remix: the command under the supervisor killed -9" "the supervisor removed its temporary files" || result FAIL "remix: the command under the supervisor killed -9" "$left left"
left=$(kill_remix both)
$RX audio info solo.wav >/dev/null 2>&1
after=$(find killed -name '.remixer-tmp-*' 2>/dev/null | wc -l)
[ "$left" -ge 1 ] && [ "$after" = 0 ] && result PASS "remix: both killed -9 at once" "$left hidden folder(s) left, $after after the next command ('audio info')" || result FAIL "remix: both killed -9 at once" "$left left, $after after"
[ -e killed/r.wav ] && result FAIL "remix killed: no output appears" "killed/r.wav exists" || result PASS "remix killed: no output appears" "no killed/r.wav"

mkdir -p midi-many; for i in 1 2 3 4 5 6; do cp midi-mixed/rock1.mid "midi-many/song$i.mid" 2>/dev/null; done
if [ -f midi-many/song1.mid ]; then
  ( $RX dataset import midi-many --layout midi --out ds-killed --seconds 20 >/dev/null 2>&1 & echo $! >"$W/.pid"; wait ) 2>/dev/null &
  for _ in $(seq 1 400); do [ "$(ls ds-killed.partial/songs 2>/dev/null | wc -l)" -ge 2 ] && break; sleep 0.05; done
  kill -9 "$(cat "$W/.pid")" 2>/dev/null; sleep 0.3
  $RX dataset import midi-many --layout midi --out ds-killed --seconds 20 --resume >/dev/null 2>&1
  hidden=$(find ds-killed -name '.*' 2>/dev/null | wc -l)
  [ -f ds-killed/dataset.json ] && [ "$hidden" = 0 ] && result PASS "import killed mid-song, then --resume" "complete, no hidden folder carried in" || result FAIL "import killed mid-song, then --resume" "hidden: $hidden"
else result SKIP "import killed mid-song, then --resume" "needs Debian's mma library"; fi

log "== a full disk"
if mkdir -p disk && mount -t tmpfs -o size=512k tmpfs disk 2>/dev/null; then
  # The report with its pictures is about 470 KB: 200 KB are left for it.
  head -c 307200 /dev/zero >disk/filler 2>/dev/null
  refuse "eval --out onto a full disk leaves no half-made report" 'no space left on the device' $RX eval --model model --data data --split train --no-baselines --workers 1 --pictures 1 --out disk/report
  [ "$(ls -A disk)" = filler ] && result PASS "eval on a full disk: the disk is as it was" "only the filler" || result FAIL "eval on a full disk: the disk is as it was" "$(ls -A disk)"
  rm -f disk/filler
  refuse "remix onto a disk too small (checked first)" 'not enough free space for the remix.*MB needed.*MB free' $RX remix solo.wav --model model --out disk/r.wav
  head -c 1048576 /dev/zero >disk/filler 2>/dev/null
  refuse "analyze --json onto a full disk" 'heard.json: no space left on the device' $RX analyze solo.wav --json disk/heard.json
  refuse "dataset synth onto a full disk" 'no space left on the device|not enough free space' $RX dataset synth --out disk/ds --songs 2 --seconds 5
  umount disk
else result SKIP "full-disk cases" "cannot mount a tmpfs here (not root)"; fi

log "== serve: start-up mistakes"
echo x >afile
refuse "serve --work naming a file" 'is a file, not a folder \(--work names a folder\)' $RX serve --work afile --port 0
refuse "serve --host 999.1.1.1" 'not an address of this machine' $RX serve --host 999.1.1.1 --port 0
refuse "serve --models a folder that is not there" 'not found \(--models names a folder that must exist\)' $RX serve --models nowhere --port 0
refuse "worker --work a folder that is not there" 'not found \(--work names a folder that must exist\)' $RX worker --queue redis://127.0.0.1:1 --work nowhere

log "== the server"
PORT=$((20000 + RANDOM % 20000))
mkdir -p srv/models srv/data; cp -r model srv/models/probe; cp -r data srv/data/probe
$RX serve --port "$PORT" --models srv/models --data srv/data --work srv/work >"$W/.server" 2>&1 &
SERVER=$!
for _ in $(seq 1 100); do curl -s "http://127.0.0.1:$PORT/api/health" >/dev/null && break; sleep 0.1; done
U="http://127.0.0.1:$PORT"
http() { # name expected-status curl-args...
  local name=$1 want=$2; shift 2
  local got; got=$(curl -s -o "$W/.body" -w '%{http_code}' "$@")
  local alive; alive=$(curl -s -o /dev/null -w '%{http_code}' "$U/api/health")
  if [ "$got" = "$want" ] && [ "$alive" = 200 ]; then result PASS "$name" "$got $(head -c 110 "$W/.body")"; else result FAIL "$name" "got $got (wanted $want), health $alive: $(head -c 110 "$W/.body")"; fi
}
http "upload: text file" 415 -F "file=@text.wav" -F model=probe "$U/api/remix"
http "upload: empty file" 400 -F "file=@empty.wav" -F model=probe "$U/api/remix"
http "upload: truncated WAV" 400 -F "file=@cut.wav" -F model=probe "$U/api/remix"
http "upload: unknown model" 404 -F "file=@solo.wav" -F model=nope "$U/api/remix"
http "upload: model ../probe" 400 -F "file=@solo.wav" -F 'model=../probe' "$U/api/remix"
http "upload: temperature 1e300" 400 -F "file=@solo.wav" -F model=probe -F temperature=1e300 "$U/api/remix"
http "train: malformed JSON" 400 -X POST -H 'content-type: application/json' -d '{{{' "$U/api/train"
http "train: huge sizes (refused with the estimate)" 400 -X POST -H 'content-type: application/json' -d '{"dataset":"probe","name":"huge","lstmUnits":4096,"featureUnits":16384,"batchSize":4096,"windowSeconds":30}' "$U/api/train"
http "train: seed 1e300" 400 -X POST -H 'content-type: application/json' -d '{"dataset":"probe","name":"x","seed":1e300}' "$U/api/train"
http "train: name ../../evil" 400 -X POST -H 'content-type: application/json' -d '{"dataset":"probe","name":"../../evil"}' "$U/api/train"
traversals=0 refused=0
for path in '/api/models/..%2F..%2Fetc/eval' '/api/models/.../eval' '/api/remixes/..%2Fwork/zip' '/api/remixes/x/audio/..%2F..%2Fremixer.json' '/api/../../etc/passwd' '/api/%2e%2e/%2e%2e/etc/passwd' '/%2e%2e/%2e%2e/etc/passwd' '/..%2f..%2fetc/passwd' '/api/models/probe/files/..%2F..%2F..%2Fetc/passwd' '/api/models/probe/eval/pictures/..%2F..%2Fremixer.json'; do
  traversals=$((traversals + 1))
  code=$(curl -s --path-as-is -o "$W/.body" -w '%{http_code}' "$U$path")
  # Refused (4xx), or the page itself (the app's fallback for unknown paths): never a file from outside.
  { { [ "$code" -ge 400 ] || grep -q '<!doctype html>' "$W/.body"; } && ! grep -q 'root:' "$W/.body"; } && refused=$((refused + 1))
done
[ "$refused" = "$traversals" ] && result PASS "path traversal over the routes" "$traversals paths: each refused or answered with the page, no file from outside" || result FAIL "path traversal over the routes" "$refused/$traversals safe"
if [ "$HAVE_SOX" = 1 ]; then
  rss0=$(awk '/VmRSS/ {print $2}' "/proc/$SERVER/status")
  start=$(date +%s%N)
  pids=()
  for i in $(seq 1 10); do curl -s -o "$W/.burst$i" -w '%{http_code} %{time_total}\n' -F "file=@hour.flac" -F model=probe "$U/api/remix" >"$W/.burstcode$i" & pids+=($!); done
  wait "${pids[@]}"
  ms=$(( ($(date +%s%N) - start) / 1000000 ))
  rss1=$(awk '/VmRSS/ {print $2}' "/proc/$SERVER/status")
  slowest=$(cat "$W"/.burstcode* | awk '{print $2}' | sort -n | tail -1)
  codes=$(cat "$W"/.burstcode* | awk '{print $1}' | sort -u | tr '\n' ' ')
  if [ "$codes" = "400 " ] && awk "BEGIN {exit !($slowest < 1)}" && [ "$rss1" -lt 614400 ]; then result PASS "burst of 10 one-hour FLAC uploads" "all $codes in ≤ ${slowest} s each (${ms} ms in all); server RSS $((rss0 / 1024)) → $((rss1 / 1024)) MB"
  else result FAIL "burst of 10 one-hour FLAC uploads" "codes $codes, slowest $slowest s, RSS $((rss0 / 1024)) → $((rss1 / 1024)) MB"; fi
else result SKIP "burst of 10 one-hour FLAC uploads" "needs sox"; fi
BUSY_PORT=$PORT
refuse "serve on a port in use" "port $BUSY_PORT on 127.0.0.1 is in use" $RX serve --port "$BUSY_PORT" --work srv/work2 --models srv/models --data srv/data
# One job per remix at a time: a remix with the shipped band, then two replays at once.
job=$(curl -s -F "file=@solo.wav" -F model=band "$U/api/remix")
rid=$(printf '%s' "$job" | node -e "let t='';process.stdin.on('data',d=>t+=d).on('end',()=>process.stdout.write(String(JSON.parse(t).info.remix)))")
for _ in $(seq 1 600); do [ "$(curl -s "$U/api/remixes/$rid" | node -e "let t='';process.stdin.on('data',d=>t+=d).on('end',()=>process.stdout.write(JSON.parse(t).status))")" = done ] && break; sleep 0.2; done
curl -s -o "$W/.r1" -w '%{http_code}\n' -X POST -H 'content-type: application/json' -d '{"tempo":60,"meter":3,"chords":"Bb Eb"}' "$U/api/remixes/$rid/replay" >"$W/.c1" &
C1=$!
curl -s -o "$W/.r2" -w '%{http_code}\n' -X POST -H 'content-type: application/json' -d '{"tempo":90,"chords":"E A"}' "$U/api/remixes/$rid/replay" >"$W/.c2" &
C2=$!
wait "$C1" "$C2" # not a bare wait: the server runs in the background too
codes=$(cat "$W/.c1" "$W/.c2" | sort | tr '\n' ' ')
[ "$codes" = "202 409 " ] && result PASS "two replays of one remix at once" "one 202, one 409" || result FAIL "two replays of one remix at once" "codes $codes"
for _ in $(seq 1 600); do [ "$(curl -s "$U/api/remixes/$rid" | node -e "let t='';process.stdin.on('data',d=>t+=d).on('end',()=>process.stdout.write(JSON.parse(t).status))")" != running ] && break; sleep 0.2; done
# A damaged record: named, listed as damaged, deletable.
head -c 40 "srv/work/remixes/$rid/remix.json" >"$W/.cut" && cp "$W/.cut" "srv/work/remixes/$rid/remix.json"
http "a damaged remix.json is named (409), not a 500" 409 "$U/api/remixes/$rid"
http "a damaged remix is still deleted" 200 -X DELETE "$U/api/remixes/$rid"
kill "$SERVER" 2>/dev/null; wait "$SERVER" 2>/dev/null

log "== Redis killed while a worker makes a remix"
if command -v redis-server >/dev/null; then
  RPORT=$((20000 + RANDOM % 20000))
  redis-server --port "$RPORT" --bind 127.0.0.1 --save '' --appendonly no --daemonize yes --logfile "$W/redis.log" --pidfile "$W/redis.pid" --dir "$W"
  sleep 0.5
  mkdir -p qwork
  $RX worker --queue "redis://127.0.0.1:$RPORT" --work qwork --concurrency 1 >"$W/.worker" 2>&1 &
  QWORKER=$!
  QPORT=$((20000 + RANDOM % 20000))
  $RX serve --port "$QPORT" --work qwork --models srv/models --data srv/data --queue "redis://127.0.0.1:$RPORT" >"$W/.qserver" 2>&1 &
  QSERVER=$!
  Q="http://127.0.0.1:$QPORT"
  for _ in $(seq 1 100); do curl -s "$Q/api/health" >/dev/null && break; sleep 0.1; done
  node -e "
const { writeFileSync } = require('fs'); const rate = 22050, n = rate * 60, x = new Int16Array(n);
for (let i = 0; i < n; i++) x[i] = Math.round(8000 * Math.sin(2 * Math.PI * 262 * i / rate) * (i % 11025 < 3000 ? 1 : 0.2));
const h = Buffer.alloc(44); h.write('RIFF', 0); h.writeUInt32LE(36 + 2 * n, 4); h.write('WAVEfmt ', 8); h.writeUInt32LE(16, 16); h.writeUInt16LE(1, 20); h.writeUInt16LE(1, 22); h.writeUInt32LE(rate, 24); h.writeUInt32LE(2 * rate, 28); h.writeUInt16LE(2, 32); h.writeUInt16LE(16, 34); h.write('data', 36); h.writeUInt32LE(2 * n, 40);
writeFileSync('minute.wav', Buffer.concat([h, Buffer.from(x.buffer)]));"
  qjob=$(curl -s -F "file=@minute.wav" -F model=band "$Q/api/remix")
  qid=$(printf '%s' "$qjob" | node -e "let t='';process.stdin.on('data',d=>t+=d).on('end',()=>process.stdout.write(JSON.parse(t).id))")
  status() { curl -s "$Q/api/jobs/$qid" | node -e "let t='';process.stdin.on('data',d=>t+=d).on('end',()=>{const j=JSON.parse(t);process.stdout.write(j.status+'|'+(j.notice||''))})"; }
  for _ in $(seq 1 600); do case "$(status)" in running*) break ;; esac; sleep 0.1; done
  kill -9 "$(cat "$W/redis.pid")"
  for _ in $(seq 1 100); do grep -q 'is unreachable' "$W/.qserver" && break; sleep 0.1; done
  seen=$(status)
  grep -q 'is unreachable' "$W/.qserver" && [ "${seen#*|}" = "the queue is unreachable; jobs wait" ] && result PASS "Redis killed: said in the log and to the page within seconds" "$seen" || result FAIL "Redis killed: said in the log and to the page within seconds" "$seen"
  # The worker keeps its outcome in the shared folder; the server settles the job from it (and
  # removes it) at its next probe, Redis or not: wait for either.
  for _ in $(seq 1 1200); do [ -n "$(ls qwork/.remixer-queue/outcomes 2>/dev/null)" ] && break; case "$(status)" in done*) break ;; esac; sleep 0.1; done
  redis-server --port "$RPORT" --bind 127.0.0.1 --save '' --appendonly no --daemonize yes --logfile "$W/redis.log" --pidfile "$W/redis.pid" --dir "$W"
  for _ in $(seq 1 300); do case "$(status)" in done*|failed*) break ;; esac; sleep 0.1; done
  final=$(status)
  [ "${final%%|*}" = done ] && result PASS "Redis back: the remix the worker finished meanwhile is recovered" "$final" || result FAIL "Redis back: the remix the worker finished meanwhile is recovered" "$final"
  kill "$QSERVER" "$QWORKER" 2>/dev/null; wait "$QSERVER" "$QWORKER" 2>/dev/null
  kill -9 "$(cat "$W/redis.pid")" 2>/dev/null
else result SKIP "Redis killed while a worker makes a remix" "needs redis-server"; fi

log "== summary: $PASS passed, $FAIL failed, $SKIP skipped"
[ -n "${KEEP:-}" ] && log "work folder kept: $W" || rm -rf "$W"
[ "$FAIL" = 0 ]
