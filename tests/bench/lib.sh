# Helpers the benchmark scripts source (`make bench`).

# median: the median of the numbers on standard input, one a line; nothing
# when there are none.
median() { sort -n | awk '{ v[NR] = $1 } END { if (NR) print NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
