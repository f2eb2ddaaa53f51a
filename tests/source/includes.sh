# The include graph stays the shape docs/architecture.md describes: every
# project include names its folder from the top of the tree, a folder's
# *_internal.h is for that folder alone, and no header includes itself
# back through others.
. tests/lib.sh

sources=$(git ls-files '*.c' '*.h' '*.S' 2>/dev/null || find . -name '*.[chS]' | sed 's#^\./##')

# FILE TARGET, one line per quoted include.
for f in $sources; do
	sed -n 's/^[[:space:]]*#[[:space:]]*include[[:space:]]*"\([^"]*\)".*/\1/p' "$f" |
		while read -r target; do echo "$f $target"; done
done >"$scratch/edges"

check "the tree has quoted includes to check" test -s "$scratch/edges"

bad=$(awk '$2 ~ /^\.\.?\// || $2 !~ /\//' "$scratch/edges")
if [ -z "$bad" ]; then ok "every include names its folder from the top"; else
	not_ok "includes not named from the top: $(echo "$bad" | head -3 | tr '\n' ';')"; fi

missing=$(while read -r f target; do [ -f "$target" ] || echo "$f: $target"; done <"$scratch/edges")
if [ -z "$missing" ]; then ok "every include names a file of the tree"; else
	not_ok "includes of no file: $(echo "$missing" | head -3 | tr '\n' ';')"; fi

foreign=$(awk '$2 ~ /_internal\.h$/ { n = split($1, a, "/"); m = split($2, b, "/");
	fd = substr($1, 1, length($1) - length(a[n])); td = substr($2, 1, length($2) - length(b[m]));
	if (fd != td) print }' "$scratch/edges")
if [ -z "$foreign" ]; then ok "no folder includes another folder's internal header"; else
	not_ok "internal headers included from outside: $(echo "$foreign" | head -3 | tr '\n' ';')"; fi

# Depth-first search over header-to-header edges; a grey node met again is
# a cycle.
cycles=$(awk '$1 ~ /\.h$/ { adj[$1] = adj[$1] " " $2; nodes[$1] = 1 }
	function visit(n,   k, i, parts) {
		state[n] = 1
		k = split(adj[n], parts, " ")
		for (i = 1; i <= k; i++) {
			if (state[parts[i]] == 1) print n " -> " parts[i]
			else if (!state[parts[i]]) visit(parts[i])
		}
		state[n] = 2
	}
	END { for (n in nodes) if (!state[n]) visit(n) }' "$scratch/edges")
if [ -z "$cycles" ]; then ok "no header includes itself back"; else
	not_ok "include cycles: $(echo "$cycles" | head -3 | tr '\n' ';')"; fi

finish
