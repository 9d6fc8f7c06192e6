#!/usr/bin/env bash
# Regenerates the sample sales calls in resources/samples/ (recordings, JSON
# sidecars and README.md) from the scripts written below.
#
# Needs: espeak-ng and sox with its format plugins (flac, vorbis, mp3).
#   Debian/Ubuntu:  apt-get install -y espeak-ng sox libsox-fmt-all
# Only whoever regenerates the samples needs them: the generated files are
# committed, so users and CI do not.
#
# Usage: scripts/make-samples.sh [OUTPUT_DIR]      (default: resources/samples)
#
# Output is deterministic for a given espeak-ng / sox / codec build: sox runs
# with -R (fixed seeds and time stamps, e.g. the Ogg stream serial) and -D
# (no dither), and nothing depends on the clock or on random numbers.
set -euo pipefail
export LC_ALL=C

ROOT=$(cd "$(dirname "$0")/.." && pwd)
OUT=${1:-"$ROOT/resources/samples"}

RATE=16000     # output sample rate (Hz)
SPEED=145      # espeak-ng words per minute: slow enough for a weak recogniser
LEAD_IN=0.50   # silence before the first turn (s)
TAIL=0.60      # silence after the last turn (s)

for tool in espeak-ng sox soxi md5sum awk; do
  command -v "$tool" >/dev/null 2>&1 || {
    echo "make-samples: '$tool' is needed (apt-get install -y espeak-ng sox libsox-fmt-all)" >&2
    exit 1
  }
done

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
mkdir -p "$OUT"

SOX=(sox -D -R -V1)

# Gap after turn N (s): 0.45, 0.60, 0.75, 0.45, ... so the pauses are not all equal.
gap_after() { awk -v n="$1" 'BEGIN { printf "%.2f", 0.45 + (n % 3) * 0.15 }'; }

# "CA" + 32 hex chars, like a Twilio call SID, derived from a fixed string.
sid() { printf 'CA%s' "$(printf 'callrank-sample-%s' "$1" | md5sum | cut -c1-32)"; }

secs() { awk -v s="$1" -v r="$RATE" 'BEGIN { printf "%.2f", s / r }'; }

# silence FILE SECONDS  (mono, RATE, 16-bit, exact zeros)
silence() { "${SOX[@]}" -n -r "$RATE" -c 1 -b 16 "$1" trim 0 "$2"; }

# Renders one call. Globals read: NAME EXT TITLE SUMMARY AGENT_VOICE
# CUSTOMER_VOICE MONO TURNS (array of "A|text" / "C|text"); format options
# for the output file in FMT_OPTS (array).
render_call() {
  local dir="$WORK/$NAME" i=0 pos=0 n spk text voice seg gap
  mkdir -p "$dir"
  local -a left=() right=()
  local timeline="$dir/timeline.md"
  : >"$timeline"

  silence "$dir/lead.wav" "$LEAD_IN"
  left+=("$dir/lead.wav"); right+=("$dir/lead.wav")
  pos=$(soxi -s "$dir/lead.wav")

  for turn in "${TURNS[@]}"; do
    i=$((i + 1))
    spk=${turn%%|*}
    text=${turn#*|}
    if [ "$spk" = A ]; then voice=$AGENT_VOICE; else voice=$CUSTOMER_VOICE; fi
    seg="$dir/turn$i.wav"
    espeak-ng -v "$voice" -s "$SPEED" -w "$dir/raw$i.wav" "$text"
    # 16 kHz mono, trim espeak's own leading/trailing silence, peak -3 dBFS.
    "${SOX[@]}" "$dir/raw$i.wav" -r "$RATE" -c 1 -b 16 "$seg" \
      silence 1 0.02 0.5% reverse silence 1 0.02 0.5% reverse gain -n -3
    "${SOX[@]}" "$seg" "$dir/mute$i.wav" vol 0
    n=$(soxi -s "$seg")
    printf '| %s | %s | %s | %s |\n' "$(secs "$pos")" "$(secs $((pos + n)))" \
      "$([ "$spk" = A ] && echo agent || echo customer)" "$text" >>"$timeline"
    if [ "$spk" = A ]; then
      left+=("$seg"); right+=("$dir/mute$i.wav")
    else
      left+=("$dir/mute$i.wav"); right+=("$seg")
    fi
    pos=$((pos + n))
    if [ "$i" -lt "${#TURNS[@]}" ]; then gap=$(gap_after "$i"); else gap=$TAIL; fi
    silence "$dir/gap$i.wav" "$gap"
    left+=("$dir/gap$i.wav"); right+=("$dir/gap$i.wav")
    pos=$((pos + $(soxi -s "$dir/gap$i.wav")))
  done

  local out="$OUT/$NAME.$EXT"
  rm -f "$out"
  if [ "$MONO" = 1 ]; then
    "${SOX[@]}" "${left[@]}" "${FMT_OPTS[@]}" "$out"
  else
    "${SOX[@]}" "${left[@]}" "$dir/left.wav"
    "${SOX[@]}" "${right[@]}" "$dir/right.wav"
    "${SOX[@]}" -M "$dir/left.wav" "$dir/right.wav" "${FMT_OPTS[@]}" "$out"
  fi

  # README section for this call.
  {
    printf '### `%s.%s` — %s\n\n' "$NAME" "$EXT" "$TITLE"
    printf '%s\n\n' "$SUMMARY"
    printf -- '- Format: %s, %s Hz, %s, %s s (%s)\n' "$FORMAT_DESC" "$RATE" \
      "$([ "$MONO" = 1 ] && echo 'mono (agent only)' || echo 'stereo: agent left, customer right')" \
      "$(secs "$pos")" "$(soxi -d "$out")"
    if [ "$MONO" = 1 ]; then
      printf -- '- Voice: agent `%s`\n' "$AGENT_VOICE"
    else
      printf -- '- Voices: agent `%s` (left), customer `%s` (right)\n' "$AGENT_VOICE" "$CUSTOMER_VOICE"
    fi
    printf -- '- Sidecar: `%s.json`\n\n' "$NAME"
    printf '| start (s) | end (s) | speaker | text |\n| ---: | ---: | --- | --- |\n'
    cat "$timeline"
    printf '\n'
  } >>"$WORK/readme-calls.md"
}

# ---------------------------------------------------------------------------
# The calls. Numbers and times are spelled out, so the text below is exactly
# what is spoken and can be used as the reference transcript for WER.
# Company: Bluewave Solar (fictional), main line +1 415 555 0100.
# All phone numbers are in the fictional 555-01xx range; e-mail domains are
# the reserved example.com / example.net / example.org.
# ---------------------------------------------------------------------------

call_01() {
  NAME=01-pricing-appointment EXT=flac MONO=0
  FMT_OPTS=(-C 8) FORMAT_DESC='FLAC (16-bit)'
  AGENT_VOICE=en-us CUSTOMER_VOICE=en-us+f3
  TITLE='first-time caller asks about pricing and books an appointment'
  SUMMARY='Inbound. Laura Bennett of Bennett Bakery calls for the first time after seeing an ad, asks what it costs, hears the price and books a free site visit for Tuesday at ten. The agent gives his name and the company and says the call is recorded for quality.'
  TURNS=(
    "A|Thank you for calling Bluewave Solar, my name is Daniel. This call is being recorded for quality. How can I help you today?"
    "C|Hi Daniel. This is my first time calling. I am interested in solar panels for my bakery."
    "A|Great, thank you for calling. May I have your name please?"
    "C|My name is Laura Bennett, from Bennett Bakery. How much does it cost? What is the price for a small building?"
    "A|For a small business roof, most systems cost about twelve thousand dollars, or one hundred forty nine dollars a month with financing."
    "C|That sounds reasonable. Can someone come and take a look?"
    "A|Of course. I can book a free site visit. Does Tuesday at ten work for you?"
    "C|Yes, Tuesday at ten works for me."
    "A|Perfect, you are booked for Tuesday at ten. Thank you, Laura."
  )
}
sidecar_01() {
  cat <<EOF
{
  "external_id": "$(sid 01)",
  "direction": "inbound",
  "from": "+1 (415) 555-0134",
  "to": "+14155550100",
  "started_at": "2026-11-23T15:12:40-08:00",
  "agent": "Daniel Reyes",
  "campaign": "Small Business Solar Q4 2026",
  "lead": {
    "lead_id": "L-20261123-0134",
    "first_name": "Laura",
    "last_name": "Bennett",
    "company": "Bennett Bakery",
    "email": "laura@bennettbakery.example.com",
    "lead_source": "online_ad"
  },
  "channels": { "left": "agent", "right": "customer" }
}
EOF
}

call_02() {
  NAME=02-wrong-number EXT=wav MONO=0
  FMT_OPTS=(-e signed-integer -b 16) FORMAT_DESC='WAV, 16-bit signed PCM'
  AGENT_VOICE=en-us CUSTOMER_VOICE=en-us+f4
  TITLE='wrong number'
  SUMMARY='Inbound. A caller looking for a dental office reaches Bluewave Solar by mistake; the agent tells her it is the wrong number. Short, about fifteen seconds.'
  TURNS=(
    "A|Good afternoon, Bluewave Solar, this is Daniel."
    "C|Hi, is this Doctor Patel's office?"
    "A|No, this is Bluewave Solar. You have the wrong number."
    "C|Oh, sorry. Goodbye."
  )
}
sidecar_02() {
  cat <<EOF
{
  "external_id": "$(sid 02)",
  "direction": "inbound",
  "from": "+1 212-555-0187",
  "to": "+1 (415) 555-0100",
  "started_at": "2026-11-25T13:05:12-08:00",
  "agent": "Daniel Reyes",
  "campaign": "Small Business Solar Q4 2026",
  "lead": {
    "lead_id": "L-20261125-0187",
    "first_name": "Unknown",
    "last_name": "Caller",
    "company": "None (wrong number)",
    "email": "unknown.caller@example.org",
    "lead_source": "inbound_call"
  },
  "channels": { "left": "agent", "right": "customer" }
}
EOF
}

call_03() {
  NAME=03-not-interested EXT=ogg MONO=0
  FMT_OPTS=(-C 4) FORMAT_DESC='Ogg Vorbis (quality 4)'
  AGENT_VOICE=en-us+m3 CUSTOMER_VOICE=en-gb+f2
  TITLE='not interested / objection'
  SUMMARY='Outbound. The agent follows up on a downloaded guide; Karen Wallace says they already use a competitor, declines a comparison, says they are not interested and asks to be taken off the list.'
  TURNS=(
    "A|Hello, this is Mark from Bluewave Solar. This call is being recorded for quality. Am I speaking with Karen Wallace?"
    "C|Yes, this is Karen."
    "A|Hi Karen. You downloaded our guide on solar for small businesses. Do you have a minute to talk about lowering your energy bill?"
    "C|Honestly, we already use a competitor. We signed with another solar company last year."
    "A|I understand. Could I send you a quick price comparison?"
    "C|No thank you. We are not interested. Please take us off your list."
    "A|Of course. I will remove you from our list. Thank you for your time, Karen."
  )
}
sidecar_03() {
  cat <<EOF
{
  "external_id": "$(sid 03)",
  "direction": "outbound",
  "from": "+14155550198",
  "to": "+1 312 555 0142",
  "started_at": "2026-11-24T11:47:03-06:00",
  "agent": "Mark Chen",
  "campaign": "Guide Download Follow-up",
  "lead": {
    "lead_id": "L-20261118-0142",
    "first_name": "Karen",
    "last_name": "Wallace",
    "company": "Wallace Print Shop",
    "email": "karen.wallace@example.net",
    "lead_source": "content_download"
  },
  "channels": { "left": "agent", "right": "customer" }
}
EOF
}

call_04() {
  NAME=04-callback-request EXT=mp3 MONO=0
  FMT_OPTS=(-C 48) FORMAT_DESC='MP3 (LAME, 48 kbit/s)'
  AGENT_VOICE=en-us+m3 CUSTOMER_VOICE=en-us+f2
  TITLE='callback requested'
  SUMMARY='Outbound. The agent follows up on a quote request; Rachel Kim is driving and asks him to call her back tomorrow at about three in the afternoon, and he agrees.'
  TURNS=(
    "A|Hi, this is Mark with Bluewave Solar, following up on your request for a quote. This call is being recorded for quality. Is now a good time?"
    "C|Actually, I am driving right now. Can you call me back tomorrow?"
    "A|Of course. What time works best for you tomorrow?"
    "C|Tomorrow afternoon, around three o'clock, would be great."
    "A|Great. I will call you back tomorrow at three in the afternoon. Drive safely."
    "C|Thanks. Talk to you tomorrow."
  )
}
sidecar_04() {
  cat <<EOF
{
  "external_id": "$(sid 04)",
  "direction": "outbound",
  "from": "+1 (415) 555-0198",
  "to": "+16175550163",
  "started_at": "2026-11-27T17:20:55+00:00",
  "agent": "Mark Chen",
  "campaign": "Quote Request Follow-up",
  "lead": {
    "lead_id": "L-20261126-0163",
    "first_name": "Rachel",
    "last_name": "Kim",
    "company": "Kim Family Dental",
    "email": "rachel.kim@example.com",
    "lead_source": "web_form"
  },
  "channels": { "left": "agent", "right": "customer" }
}
EOF
}

call_05() {
  NAME=05-reschedule-repeat-caller EXT=ogg MONO=0
  FMT_OPTS=(-C 3) FORMAT_DESC='Ogg Vorbis (quality 3)'
  AGENT_VOICE=en-us CUSTOMER_VOICE=en-us+f3
  TITLE='repeat caller reschedules her appointment'
  SUMMARY='Inbound, the day after call 01, from the same number (written in E.164 here, in US national style with +1 in call 01). Laura Bennett moves her site visit from Tuesday at ten to Friday at two.'
  TURNS=(
    "A|Thank you for calling Bluewave Solar, this is Daniel. This call is being recorded for quality."
    "C|Hi Daniel, this is Laura Bennett again. I called yesterday and booked a site visit for Tuesday at ten."
    "A|Welcome back, Laura. I see your appointment. How can I help?"
    "C|Something came up at the bakery. I need to reschedule. Is Friday afternoon available?"
    "A|Yes, we have Friday at two in the afternoon. Would that work?"
    "C|Friday at two is perfect."
    "A|Done. Your appointment is moved from Tuesday at ten to Friday at two."
    "C|Thank you so much. Bye."
  )
}
sidecar_05() {
  cat <<EOF
{
  "external_id": "$(sid 05)",
  "direction": "inbound",
  "from": "+14155550134",
  "to": "+14155550100",
  "started_at": "2026-11-24T08:41:09-08:00",
  "agent": "Daniel Reyes",
  "campaign": "Small Business Solar Q4 2026",
  "lead": {
    "lead_id": "L-20261123-0134",
    "first_name": "Laura",
    "last_name": "Bennett",
    "company": "Bennett Bakery",
    "email": "laura@bennettbakery.example.com",
    "lead_source": "online_ad"
  },
  "channels": { "left": "agent", "right": "customer" }
}
EOF
}

call_06() {
  NAME=06-voicemail EXT=wav MONO=1
  FMT_OPTS=(-e signed-integer -b 16) FORMAT_DESC='WAV, 16-bit signed PCM'
  AGENT_VOICE=en-us+m3 CUSTOMER_VOICE=
  TITLE='voicemail left by the agent'
  SUMMARY='Outbound, no answer: the agent leaves a voicemail for James Ortiz about his quote and gives a callback number twice. Mono, agent only.'
  TURNS=(
    "A|Hi, this message is for James Ortiz. This is Mark calling from Bluewave Solar about the quote you requested for Ortiz Auto Repair. I have some pricing options that could cut your energy bill by about thirty percent. Please call me back at four one five, five five five, zero one nine eight. Again, that is four one five, five five five, zero one nine eight. Thanks, and have a great day."
  )
}
sidecar_06() {
  cat <<EOF
{
  "external_id": "$(sid 06)",
  "direction": "outbound",
  "from": "+14155550198",
  "to": "+1 503-555-0121",
  "started_at": "2026-11-30T09:58:31-08:00",
  "agent": "Mark Chen",
  "campaign": "Quote Request Follow-up",
  "lead": {
    "lead_id": "L-20261127-0121",
    "first_name": "James",
    "last_name": "Ortiz",
    "company": "Ortiz Auto Repair",
    "email": "james@ortizautorepair.example.com",
    "lead_source": "referral"
  },
  "channels": { "left": "agent" }
}
EOF
}

: >"$WORK/readme-calls.md"
for n in 01 02 03 04 05 06; do
  "call_$n"
  render_call
  "sidecar_$n" >"$OUT/$NAME.json"
  echo "make-samples: $OUT/$NAME.$EXT ($(soxi -c "$OUT/$NAME.$EXT") ch, $(soxi -r "$OUT/$NAME.$EXT") Hz, $(soxi -D "$OUT/$NAME.$EXT") s)"
done

# ---------------------------------------------------------------------------
# README.md (generated: edit this script, not the README)
# ---------------------------------------------------------------------------
{
  cat <<'EOF'
# Sample calls

Six short, synthetic contact-center sales calls, each with a JSON sidecar, so
a fresh clone has something real to ingest, transcribe, analyse and score.
The company (Bluewave Solar), the people, the leads and the phone numbers are
all fictional: numbers are in the reserved 555-01xx range and e-mail domains
are under example.com / example.net / example.org.

**Generated file: do not edit by hand.** Change `scripts/make-samples.sh` and
run it again (see [How they were made](#how-they-were-made)).

| file | call | direction | format | channels |
| --- | --- | --- | --- | --- |
| `01-pricing-appointment.flac` | first-time caller, pricing, books Tuesday at ten | inbound | FLAC | stereo |
| `02-wrong-number.wav` | wrong number (~15 s) | inbound | WAV 16-bit PCM | stereo |
| `03-not-interested.ogg` | objection: already uses a competitor, not interested | outbound | Ogg Vorbis | stereo |
| `04-callback-request.mp3` | "can you call me back tomorrow" | outbound | MP3 | stereo |
| `05-reschedule-repeat-caller.ogg` | repeat caller (same number as 01) reschedules | inbound | Ogg Vorbis | stereo |
| `06-voicemail.wav` | voicemail left by the agent | outbound | WAV 16-bit PCM | mono |

Stereo files carry the **agent on the left channel and the customer on the
right**; while one speaks the other channel is digital silence, and turns
alternate with short gaps (0.45 to 0.75 s). All files are 16 kHz. The
voicemail is mono, agent only.

No m4a or opus sample: the Debian sox used here has no handler for either
(`sox -h` lists neither), so it can write neither.

## Sidecars

Next to each recording, `<recording name without extension>.json`:

| field | meaning |
| --- | --- |
| `external_id` | telephony id, `CA` + 32 hex characters like a Twilio call SID (an md5 of a fixed string, so it is stable) |
| `direction` | `inbound` or `outbound` |
| `from`, `to` | phone numbers, deliberately in varied formats (E.164, `+1 (415) 555-0134`, `+1 212-555-0187`, `+1 312 555 0142`) |
| `started_at` | ISO 8601 with a zone offset, 23 to 30 November 2026, different hours and offsets |
| `agent` | agent name (Daniel Reyes: agent voice `en-us`; Mark Chen: `en-us+m3`) |
| `campaign` | campaign name |
| `lead` | `lead_id`, `first_name`, `last_name`, `company`, `email`, `lead_source` |
| `channels` | `{"left": "agent", "right": "customer"}`; the mono voicemail has `{"left": "agent"}` |

Calls 01 and 05 come from the same customer, +1 415 555 0134, written
`+1 (415) 555-0134` in 01 and `+14155550134` in 05; 05 is the next morning
(both carry the same `lead_id`). Matching them as a repeat caller needs the
numbers normalised to E.164.

## What is said

Times are seconds from the start of the file, measured on the audio before
encoding (so exact for WAV, FLAC and Ogg; MP3 decoders may shift them by the
encoder delay, a few tens of milliseconds). Numbers are spelled out in the
scripts, so the text is exactly what is spoken: use it as the reference for
word error rate.

EOF
  cat "$WORK/readme-calls.md"
  cat <<EOF
## How they were made

\`scripts/make-samples.sh\` (needs \`espeak-ng\` and \`sox\` with its format
plugins: \`apt-get install -y espeak-ng sox libsox-fmt-all\`) speaks each turn
with espeak-ng, builds one track per channel and merges them with sox:

\`\`\`sh
# each turn, with the speaker's voice
espeak-ng -v VOICE -s $SPEED -w raw.wav "TEXT"
sox -D -R raw.wav -r $RATE -c 1 -b 16 turn.wav \\
    silence 1 0.02 0.5% reverse silence 1 0.02 0.5% reverse gain -n -3
sox -D -R turn.wav mute.wav vol 0          # same length, silent, for the other channel
sox -D -R -n -r $RATE -c 1 -b 16 gap.wav trim 0 0.60   # pauses, lead-in ${LEAD_IN} s, tail ${TAIL} s
# concatenate per channel, then agent -> left, customer -> right
sox -D -R lead.wav turn1.wav gap1.wav mute2.wav gap2.wav ... left.wav
sox -D -R lead.wav mute1.wav gap1.wav turn2.wav gap2.wav ... right.wav
sox -D -R -M left.wav right.wav [-C N] out.{wav,flac,ogg,mp3}
\`\`\`

- Voices: agents \`en-us\` (Daniel) and \`en-us+m3\` (Mark), male; customers
  \`en-us+f3\` (Laura), \`en-us+f4\`, \`en-gb+f2\` and \`en-us+f2\`, female.
- Rate: espeak-ng \`-s $SPEED\` words per minute, to help a weak recogniser.
- Encoding: FLAC \`-C 8\`; Ogg Vorbis \`-C 4\` (call 03) and \`-C 3\` (call 05);
  MP3 \`-C 48\` (48 kbit/s, LAME); WAV 16-bit signed PCM.
- Deterministic: \`-R\` fixes sox's seeds and time stamps (the Ogg stream
  serial, for one), \`-D\` turns dither off, and nothing else varies, so a run
  with the same espeak-ng, sox and codec libraries rebuilds identical bytes.
  Generated with espeak-ng $(espeak-ng --version | awk '{print $4; exit}') and $(sox --version | sed 's/^sox: *//').

## Licence

These recordings, sidecars and this README were generated by the CallRank
project and are ours; we dedicate them to the public domain under
[CC0 1.0](https://creativecommons.org/publicdomain/zero/1.0/). The speech is
espeak-ng output, which carries no licence terms of its own; the texts,
names and numbers are our own inventions.
EOF
} >"$OUT/README.md"

echo "make-samples: wrote $OUT/README.md"
