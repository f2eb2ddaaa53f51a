/* A configuration file on the host (one mkimage puts on an image, or one
 * in a directory `ghostboot check` reads), parsed with stage 2's parser. */
#ifndef GHOSTBOOT_CLI_CHECK_HOST_CONFIG_H
#define GHOSTBOOT_CLI_CHECK_HOST_CONFIG_H

#include "config/config.h"

struct host_config {
	char *text; /* cut up by the parser; the configuration points into it */
	struct config *config;
};

/* Reads and parses the file at `path`. Returns 0, or -1 after an error
 * naming the file and line. */
int host_config_read(const char *path, struct host_config *host);
void host_config_free(struct host_config *host);

#endif
