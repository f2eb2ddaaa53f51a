#!/bin/sh
# The sample images of images/ (make images puts them in build/images/):
# each passes `ghostboot check` and boots the sample kernel to SELFTEST PASS
# in QEMU.
. tests/lib.sh

for recipe in images/*.recipe; do
	name=$(basename "$recipe" .recipe)
	image=$BUILD/images/$name.img
	if [ -f "$image" ]; then
		check "images/$name.recipe: ghostboot check passes" quietly "$GHOSTBOOT" check "$image"
		boots "images/$name.recipe boots" "$image"
	else
		not_ok "images/$name.recipe: $image is missing (make images)"
	fi
done
finish
