# mkimage: `ghostboot mkimage`, the image builder (docs/cli.md). Linked into
# the CLI by cli/build.mk.
MKIMAGE_SOURCES := mkimage/config_text.c mkimage/format.c mkimage/mkfs.c mkimage/staging.c \
	mkimage/mkimage.c mkimage/contents.c mkimage/output.c mkimage/recipe.c \
	mkimage/reproducible.c mkimage/multiboot_check.c
