#include "cli/check/host_config.h"

#include <stdlib.h>

#include "cli/common/diag.h"
#include "cli/common/file_bytes.h"

#define CONFIG_FILE_MAX (1024 * 1024) /* far more than 16 entries can fill */

int host_config_read(const char *path, struct host_config *host)
{
	struct config_error parse_error;
	struct file_bytes file;

	*host = (struct host_config){ 0 };
	if (file_bytes_read(path, &file) != 0)
		return -1;
	if (file.size > CONFIG_FILE_MAX) {
		file_bytes_free(&file);
		return error("%s is over %d bytes: not a configuration file", path,
			     CONFIG_FILE_MAX);
	}
	host->text = (char *)file.bytes;
	host->config = malloc(sizeof(*host->config));
	if (!host->config) {
		host_config_free(host);
		return error("out of memory");
	}
	if (config_parse(host->text, file.size, host->config, &parse_error) != 0) {
		/* The subject points into the text: named before it is freed. */
		error("%s, line %u: %s%s%s", path, parse_error.line, parse_error.message,
		      parse_error.subject ? " " : "", parse_error.subject ? parse_error.subject : "");
		host_config_free(host);
		return -1;
	}
	return 0;
}

void host_config_free(struct host_config *host)
{
	free(host->text);
	free(host->config);
	*host = (struct host_config){ 0 };
}
