#!/bin/sh
# The sample images of images/ (make images puts them in build/images/):
# each passes `ghostboot check` and boots the sample kernel to SELFTEST PASS
# in QEMU.
. tests/lib.sh

# (check and boots set `name`: the loop keeps its own.)
for recipe in images/*.recipe; do
	sample=$(basename "$recipe" .recipe)
	image=$BUILD/images/$sample.img
	if [ -f "$image" ]; then
		check "images/$sample.recipe: ghostboot check passes" quietly "$GHOSTBOOT" check "$image"
		boots "images/$sample.recipe boots" "$image"
	else
		not_ok "images/$sample.recipe: $image is missing (make images)"
	fi
done
finish
