#!/bin/sh
# Prints ghostboot's version, the one place it comes from: the git
# description when built from a checkout with a release tag (v0.1.0-3-gabc1234,
# -dirty with uncommitted changes), else RELEASE below, with the commit when
# there is one.
RELEASE=0.1.0

cd "$(dirname "$0")/.." || exit 1
if git rev-parse --git-dir >/dev/null 2>&1; then
	if described=$(git describe --tags --match 'v[0-9]*' --dirty 2>/dev/null); then
		echo "${described#v}"
		exit 0
	fi
	commit=$(git describe --always --dirty --abbrev=7 2>/dev/null) && {
		echo "$RELEASE-g$commit"
		exit 0
	}
fi
echo "$RELEASE"
