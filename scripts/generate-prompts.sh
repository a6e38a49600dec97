#!/usr/bin/env bash
# Generates Kefu's default voice prompts (zh-CN and en-US) once, with espeak-ng and sox from Debian:
#   apt-get install espeak-ng sox && bash scripts/generate-prompts.sh
# The WAVs are committed (8 kHz, 16-bit mono PCM, the rate G.711 plays at), so Kefu needs neither
# tool at run time; admins replace them with recorded prompts through the admin UI.
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=server/assets/prompts

say() { # lang voice name text
  local lang=$1 voice=$2 name=$3 text=$4 tmp
  mkdir -p "$OUT/$lang"
  tmp=$(mktemp --suffix=.wav)
  espeak-ng -v "$voice" -s 150 -w "$tmp" "$text"
  # Trim leading/trailing silence, normalise to -3 dBFS, resample to 8 kHz mono 16-bit.
  sox "$tmp" -r 8000 -c 1 -b 16 -e signed-integer "$OUT/$lang/$name.wav" \
    silence 1 0.05 0.5% reverse silence 1 0.05 0.5% reverse norm -3
  rm -f "$tmp"
}

zh() { say zh-CN cmn "$1" "$2"; }
en() { say en-US en-us "$1" "$2"; }

zh welcome '您好，欢迎致电客服热线。'
en welcome 'Hello, and thank you for calling.'
zh menu '话费查询请按1，故障报修请按2，投诉建议请按3，人工服务请按0。'
en menu 'For billing, press 1. To report a fault, press 2. For complaints and suggestions, press 3. To speak to an agent, press 0.'
zh invalid '输入有误，请重新输入。'
en invalid 'Sorry, that is not a valid choice. Please try again.'
zh no-input '您没有输入，请重新输入。'
en no-input 'We did not receive your input. Please try again.'
zh recording-notice '本次通话可能会被录音。'
en recording-notice 'This call may be recorded.'
zh please-hold '正在为您转接人工服务，请稍候。'
en please-hold 'Please hold while we connect you to an agent.'
zh position-before '您前面还有'
en position-before 'Callers ahead of you:'
zh position-after '位客户在等待。'
en position-after '.'
zh wait-before '预计等待时间约'
en wait-before 'Your estimated waiting time is about'
zh wait-minutes '分钟。'
en wait-minutes 'minutes.'
zh callback-offer '如需稍后回电，请按1。'
en callback-offer 'To receive a call back instead of waiting, press 1.'
zh callback-confirm '已为您登记回电，我们会尽快与您联系，再见。'
en callback-confirm 'Your call back is booked. We will call you soon. Goodbye.'
zh voicemail '请在提示音后留言，按井号键结束。'
en voicemail 'Please leave a message after the tone, and press the hash key when you are done.'
zh survey '请对本次服务进行评价，非常满意请按5，满意请按4，一般请按3，不满意请按2，非常不满意请按1。'
en survey 'Please rate our service from 1 to 5, where 5 is very satisfied.'
zh thanks '感谢您的评价。'
en thanks 'Thank you for your feedback.'
zh closed '您好，现在是非工作时间，我们的服务时间是每天八点到二十点。'
en closed 'We are closed now. Our hours are eight a.m. to eight p.m. every day.'
zh goodbye '感谢您的来电，再见。'
en goodbye 'Thank you for calling. Goodbye.'
# Admission control (issue 12): what a caller Kefu cannot take right now hears before the hang-up.
zh all-lines-busy '您好，线路繁忙，请稍后再拨。'
en all-lines-busy 'All lines are busy. Please call again later.'
zh enter-account '请输入您的手机号码，以井号键结束。'
en enter-account 'Please enter your phone number, followed by the hash key.'
zh balance-is '您的话费余额为'
en balance-is 'Your balance is'
zh yuan '元'
en yuan 'yuan'
zh point '点'
en point 'point'
ZH_DIGITS=(零 一 二 三 四 五 六 七 八 九)
for d in 0 1 2 3 4 5 6 7 8 9; do
  zh "digit-$d" "${ZH_DIGITS[$d]}"
  en "digit-$d" "$d"
done
zh ten '十'
en ten 'ten'
zh hundred '百'
en hundred 'hundred'
zh thousand '千'
en thousand 'thousand'
zh ten-thousand '万'
en ten-thousand 'ten thousand'
# English numbers are read as words (twelve, forty two, three hundred five): the teens and the tens.
EN_TEENS=(eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen)
for i in 1 2 3 4 5 6 7 8 9; do en "teen-1$i" "${EN_TEENS[$((i - 1))]}"; done
EN_TENS=(twenty thirty forty fifty sixty seventy eighty ninety)
for i in 2 3 4 5 6 7 8 9; do en "tens-$i" "${EN_TENS[$((i - 2))]}"; done

# Music on hold: a soft, slow arpeggio (synthesised, so no licence question), 20 s, looped by the player.
mkdir -p "$OUT/music"
sox -n -r 8000 -c 1 -b 16 -e signed-integer "$OUT/music/default.wav" \
  synth 0.5 sine 523.25 synth 0.5 sine 659.25 : synth 0.5 sine 783.99 : synth 0.5 sine 659.25 \
  repeat 9 fade t 0.05 20 0.5 vol 0.25
# A short beep (voicemail tone), 400 ms at 1 kHz.
sox -n -r 8000 -c 1 -b 16 -e signed-integer "$OUT/music/beep.wav" synth 0.4 sine 1000 vol 0.4
echo "prompts written to $OUT"
