#!/bin/sh
# Every fuzzer over its checked-in corpus, each input once (docs/fuzzing.md):
# the seeds and the reproducers of every problem found, so that a fixed
# crash, sanitizer report or hang (5 seconds an input) stays fixed.
. tests/lib.sh

for corpus in tests/fuzz/corpus/*/; do
	name=$(basename "$corpus")
	fuzzer=$BUILD/fuzz/$name
	if ! [ -x "$fuzzer" ]; then
		not_ok "fuzz $name: $fuzzer is missing (make test-programs)"
		continue
	fi
	count=$(find "$corpus" -type f | wc -l)
	start=$(date +%s)
	if find "$corpus" -type f | sort | xargs "$fuzzer" -timeout=5 -rss_limit_mb=2048 \
		>"$scratch/$name.log" 2>&1; then
		ok "fuzz $name: $count inputs of tests/fuzz/corpus/$name run clean in $(($(date +%s) - start)) s"
	else
		not_ok "fuzz $name: $(grep -E 'ERROR|SUMMARY|runtime error|Running: ' "$scratch/$name.log" | tail -n 3 | tr '\n' ' ')"
	fi
done
finish
