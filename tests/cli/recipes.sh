#!/bin/sh
# Recipes (images/*.recipe, mkimage --recipe) and reproducible images: two
# builds of each recipe with one SOURCE_DATE_EPOCH, from different
# directories and at different times, are identical.
. tests/lib.sh

top=$(pwd)
EPOCH=1700000000

# A copy of the build's kernel and modules under DIR/build, and the recipes
# under DIR/images: a tree of its own in another directory.
tree() {
	mkdir -p "$1/build/kernel" "$1/build/modules" "$1/images"
	cp "$BUILD/kernel/kernel.elf" "$1/build/kernel/"
	cp $MODULES "$1/build/modules/"
	cp images/*.recipe "$1/images/"
	# The Linux sample's kernel and archives (images/build.mk).
	mkdir -p "$1/build/linux" "$1/build/images/linux"
	cp -L "$BUILD/linux/vmlinuz" "$1/build/linux/"
	cp "$BUILD"/images/linux/*.cpio "$1/build/images/linux/"
}
tree "$scratch/a"
tree "$scratch/b"

# build DIR RECIPE OUT [mkimage options]: from DIR, with its own BUILD.
build() {
	dir=$1 recipe=$2 out=$3
	shift 3
	(cd "$dir" && BUILD="$dir/build" SOURCE_DATE_EPOCH=${epoch-$EPOCH} \
		"$top/$GHOSTBOOT" mkimage --recipe "images/$recipe.recipe" -o "$out" "$@") \
		>"$scratch/out" 2>"$scratch/err"
}

differ() { ! cmp -s "$1" "$2"; }

for recipe in images/*.recipe; do
	r=$(basename "$recipe" .recipe)
	build "$scratch/a" "$r" "$scratch/a/$r.img" || not_ok "$r: $(cat "$scratch/err")"
	sleep 1 # another second on every clock the tools read
	build "$scratch/b" "$r" "$scratch/b/out.img" || not_ok "$r: $(cat "$scratch/err")"
	check "$r: two builds with one SOURCE_DATE_EPOCH are identical" \
		cmp -s "$scratch/a/$r.img" "$scratch/b/out.img"
	check "$r: make images built it" test -f "$BUILD/images/$r.img"
done
epoch=1700000001 build "$scratch/b" demo "$scratch/b/other.img"
check "another SOURCE_DATE_EPOCH gives another image" \
	differ "$scratch/a/demo.img" "$scratch/b/other.img"
(cd "$scratch/b" && BUILD="$scratch/b/build" "$top/$GHOSTBOOT" mkimage \
	--recipe images/demo.recipe -o random.img >/dev/null 2>&1)
check "without SOURCE_DATE_EPOCH the ids are drawn at random" \
	differ "$scratch/a/demo.img" "$scratch/b/random.img"
for layout in "mbr ext2 16M" "none ext4 16M"; do
	set -- $layout
	for d in a b; do
		(cd "$scratch/$d" && SOURCE_DATE_EPOCH=$EPOCH "$top/$GHOSTBOOT" mkimage --table "$1" \
			--fs "$2" --size "$3" --kernel build/kernel/kernel.elf -o "$1-$2.img" \
			--add "$top/README.md=/doc/README") >/dev/null 2>&1
		sleep 1
	done
	check "--table $1 --fs $2 is reproducible too" cmp -s "$scratch/a/$1-$2.img" "$scratch/b/$1-$2.img"
done

# --- the recipe format --------------------------------------------------------
mkdir -p "$scratch/own"
cp "$BUILD/kernel/kernel.elf" "$scratch/own/k.elf"
echo hello >"$scratch/own/note.txt"
cat >"$scratch/own/own.recipe" <<EOT
# relative paths start from the recipe's directory
fs fat16
size 32M
kernel k.elf
add note.txt /docs/note.txt
cmdline selftest quiet=1
EOT
if (cd / && "$top/$GHOSTBOOT" mkimage --recipe "$scratch/own/own.recipe" -o "$scratch/own.img" \
	--size 40M) >"$scratch/out" 2>"$scratch/err"; then
	ok "a recipe with relative paths builds from another directory"
	check "  ... an option given as well wins (--size)" test "$(stat -c %s "$scratch/own.img")" = 41943040
	check "  ... add SRC DEST put the file" \
		test "$(mtype -i "$scratch/own.img@@1048576" ::/docs/note.txt 2>/dev/null)" = hello
	check "  ... the command line is the rest of its line" \
		sh -c "mtype -i '$scratch/own.img@@1048576' ::/boot/ghostboot.cfg | grep -q 'cmdline selftest quiet=1'"
else
	not_ok "a recipe with relative paths: $(cat "$scratch/err")"
fi

bad() {
	name=$1 text=$2 line=$3
	printf '%s\n' "$line" >"$scratch/bad.recipe"
	expect_error "recipe: $name" "$GHOSTBOOT" mkimage --recipe "$scratch/bad.recipe" -o "$scratch/bad.img"
	check "  ... says '$text'" err_says "$text"
}
bad "unknown keyword" "bad.recipe, line 1: unknown keyword 'filesystem'" "filesystem fat32"
bad "no value" "line 1: kernel needs a value" "kernel"
bad "an unset variable" 'line 1: ${GHOSTBOOT_UNSET_X} is not set' 'kernel ${GHOSTBOOT_UNSET_X}/k.elf'
bad "two words for fs" "fs takes one word" "fs fat32 ext4"
bad "add without DEST" "add takes SRC DEST" "add file"
bad "a bad table" "--table takes mbr, gpt or none" "table bsd"
expect_error "recipe: missing file" "$GHOSTBOOT" mkimage --recipe "$scratch/none.recipe" -o "$scratch/bad.img"
expect_error "recipe given twice" "$GHOSTBOOT" mkimage --recipe a --recipe b -o "$scratch/bad.img"
expect_error "a malformed SOURCE_DATE_EPOCH" env SOURCE_DATE_EPOCH=yesterday "$GHOSTBOOT" mkimage \
	--kernel "$BUILD/kernel/kernel.elf" -o "$scratch/bad.img"
check "no image was left behind by bad recipes" test ! -e "$scratch/bad.img"
finish
