#!/bin/sh
# campaign.sh FUZZ_DIR NAME SECONDS: one `make fuzz` run of fuzzer NAME.
# Starts from its seeds (tests/fuzz/corpus/NAME) and what earlier runs
# found (FUZZ_DIR/corpus/NAME, where new finds go), gives every input 5
# seconds, and prints one line: executions, coverage, corpus. A crash, a
# hang or a sanitizer report leaves its input in FUZZ_DIR/artifacts/NAME/
# and fails the run (docs/fuzzing.md says how to make it a reproducer).
set -u
dir=$1 name=$2 seconds=$3
found=$dir/corpus/$name
artifacts=$dir/artifacts/$name
log=$dir/$name.log
mkdir -p "$found" "$artifacts"
"$dir/$name" -max_total_time="$seconds" -timeout=5 -rss_limit_mb=2048 -print_final_stats=1 \
	-artifact_prefix="$artifacts/" "$found" "tests/fuzz/corpus/$name" >"$log" 2>&1
status=$?
runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
last=$(grep -E '^#[0-9]+' "$log" | tail -n 1)
cov=$(echo "$last" | sed -n 's/.* cov: \([0-9]*\).*/\1/p')
ft=$(echo "$last" | sed -n 's/.* ft: \([0-9]*\).*/\1/p')
corp=$(echo "$last" | sed -n 's/.* corp: \([0-9]*\).*/\1/p')
rate=$(echo "$last" | sed -n 's/.* exec\/s: \([0-9]*\).*/\1/p')
if [ "$status" -eq 0 ]; then
	echo "fuzz $name: ${runs:-?} executions in ${seconds} s (${rate:-?}/s), cov ${cov:-?}, ft ${ft:-?}, corpus ${corp:-?} inputs"
else
	echo "fuzz $name: FAILED (status $status); log $log, input in $artifacts/:"
	grep -E 'ERROR|SUMMARY|runtime error|Test unit written' "$log" | head -n 10
	exit 1
fi
