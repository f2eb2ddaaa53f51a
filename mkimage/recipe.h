/* Recipes (docs/cli.md, "Recipes"): an image described in a file, one
 * setting a line, that `mkimage --recipe FILE` reads. images/ holds the
 * project's own. */
#ifndef GHOSTBOOT_MKIMAGE_RECIPE_H
#define GHOSTBOOT_MKIMAGE_RECIPE_H

struct recipe {
	char **words; /* mkimage's options, as on its command line */
	unsigned count, capacity;
};

/* Reads the recipe at `path` into the options it stands for: `fs fat32`
 * becomes "--fs" "fat32". ${NAME} and ${NAME:-DEFAULT} take the
 * environment's value; relative file paths are taken from the recipe's
 * directory. Returns 0, or -1 after an error naming the file and line. */
int recipe_read(const char *path, struct recipe *recipe);
void recipe_free(struct recipe *recipe);

#endif
