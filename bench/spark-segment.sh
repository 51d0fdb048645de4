#!/usr/bin/env bash
# Spark segment against the plain command line on the same images: throughput of `aoissl segment`,
# `aoissl spark segment --master local[1]` and `local[2]`, Spark's start-up and model-load cost, and peak
# resident memory of each process. Prints a Markdown section for bench/RESULTS.md.
#
#   bench/spark-segment.sh [WORK_DIR]      (default /tmp/aoissl-spark-bench; data is made once and reused)
#
# Data: 60 synthetic 512x512 two-buffer images (3 devices x 20); an aoi-t encoder (weights after one MAE
# step: throughput does not depend on them) and an exact-search bank of the 36 training images.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
a="$here/aoissl"
work="${1:-/tmp/aoissl-spark-bench}"
mkdir -p "$work"
cd "$work"
[ -d s ] || "$a" synth --out s --devices 3 --per-device 20 --unlabeled 0 --size 512 --seed 7 >/dev/null 2>&1
[ -f m.ckpt ] || "$a" pretrain --data s/train --out m.ckpt --model aoi-t --image-size 512 --batch 2 --steps 1 \
  --seed 1 >/dev/null 2>&1
[ -f b.bank ] || "$a" bank build --ckpt m.ckpt --support s/train --out b.bank --index exact >/dev/null 2>&1
n=$(find s -name '*_buffer0.png' | wc -l)

# Runs a command under GNU time; prints "wall_s rss_mib" and keeps its output in $1.log.
timed() {
  local name="$1"
  shift
  /usr/bin/time -v "$@" >"$name.log" 2>"$name.time"
  local wall rss
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {n = split($2, t, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + t[i]; print s}' "$name.time")
  rss=$(awk -F': ' '/Maximum resident set size/ {printf "%.0f", $2 / 1024}' "$name.time")
  echo "$wall $rss"
}

echo "### Spark segment vs the command line ($(date -u '+%Y-%m-%d %H:%M UTC'))"
echo
echo "Machine: $(lscpu | awk -F': +' '/^Model name/ {print $2}'), $(nproc) cores, $(free -g | awk '/^Mem:/ {print $2}') GiB;"\
  "load before: $(uptime | sed 's/.*load average: //')."
echo "Images: $n synthetic 512x512 two-buffer images; aoi-t encoder; bank of $(ls s/train/image | wc -l | awk '{print $1 / 2}') images, exact search."
echo
echo "| run | wall s | images/s (wall) | Spark start s | job s | images/s (job) | model+bank load s | peak RSS MiB |"
echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
rm -rf out-cli
read -r wall rss < <(timed cli "$a" segment --bank b.bank --images s --out out-cli)
printf '| aoissl segment | %.1f | %.2f | - | - | - | - | %s |\n' "$wall" "$(echo "$n / $wall" | bc -l)" "$rss"
for m in 'local[1]' 'local[2]'; do
  o="out-${m//[^a-z0-9]/}"
  rm -rf "$o"
  read -r wall rss < <(timed "spark-$m" "$a" spark segment --master "$m" --bank b.bank --images s --out "$o")
  # "spark start 6.1 s, job 10.6 s (1.70 images/s), model and bank loads 1 (0.7 s each)"
  read -r start job ips load < <(sed -n 's/^spark start \([0-9.]*\) s, job \([0-9.]*\) s (\([0-9.]*\) images\/s), model and bank loads [0-9]* (\([0-9.]*\) s each)$/\1 \2 \3 \4/p' "spark-$m.log")
  printf '| aoissl spark segment --master %s | %.1f | %.2f | %s | %s | %s | %s | %s |\n' "$m" "$wall" \
    "$(echo "$n / $wall" | bc -l)" "$start" "$job" "$ips" "$load" "$rss"
  diff -rq out-cli/labels "$o/labels" >/dev/null || echo "WARNING: $m labels differ from the command line's"
done
echo
echo "Command line per image: $(sed -n 's/^per image: //p' cli.log). Load after: $(uptime | sed 's/.*load average: //')."
