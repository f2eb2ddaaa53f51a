#include "cli/qemu/junit.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli/common/cleanup.h"
#include "cli/common/diag.h"

/* The length of the UTF-8 sequence at `s` (at most `left` bytes), or 0 when
 * it is not one: XML parsers refuse a file holding a broken sequence. */
static size_t utf8_length(const unsigned char *s, size_t left)
{
	unsigned char low = 0x80, high = 0xbf;
	size_t length, i;

	if (s[0] < 0xc2 || s[0] > 0xf4)
		return 0;
	length = s[0] < 0xe0 ? 2 : s[0] < 0xf0 ? 3 : 4;
	if (s[0] == 0xe0)
		low = 0xa0; /* overlong */
	else if (s[0] == 0xed)
		high = 0x9f; /* surrogates */
	else if (s[0] == 0xf0)
		low = 0x90; /* overlong */
	else if (s[0] == 0xf4)
		high = 0x8f; /* past U+10FFFF */
	if (length > left || s[1] < low || s[1] > high)
		return 0;
	for (i = 2; i < length; i++)
		if (s[i] < 0x80 || s[i] > 0xbf)
			return 0;
	return length;
}

/* Text as XML character data or an attribute value: markup escaped,
 * characters XML 1.0 forbids (controls, broken UTF-8) as '?'. */
static void put_text(FILE *out, const char *text, size_t length)
{
	const unsigned char *s = (const unsigned char *)text;
	size_t i = 0;

	while (i < length) {
		unsigned char c = s[i];
		size_t sequence;

		if (c == '&')
			fputs("&amp;", out);
		else if (c == '<')
			fputs("&lt;", out);
		else if (c == '>')
			fputs("&gt;", out);
		else if (c == '"')
			fputs("&quot;", out);
		else if (c == '\t' || c == '\n' || c == '\r' || (c >= 0x20 && c < 0x7f))
			fputc(c, out);
		else if (c >= 0x80 && (sequence = utf8_length(s + i, length - i)) != 0) {
			fwrite(s + i, 1, sequence, out);
			i += sequence;
			continue;
		} else
			fputc('?', out);
		i++;
	}
}

static void put_string(FILE *out, const char *text)
{
	put_text(out, text, strlen(text));
}

static void write_testcase(FILE *out, const char *suite, const struct boot *boot)
{
	fputs("    <testcase classname=\"", out);
	put_string(out, suite);
	fputs("\" name=\"", out);
	put_string(out, boot->name);
	fprintf(out, "\" time=\"%.3f\">\n", boot->seconds);
	if (boot->outcome != OUTCOME_PASSED) {
		const char *kind = boot->outcome == OUTCOME_ERROR ? "error" : "failure";

		fprintf(out, "      <%s message=\"", kind);
		put_string(out, boot->reason);
		fprintf(out, "\" type=\"%s\">", kind);
		put_string(out, boot->reason);
		fprintf(out, "</%s>\n", kind);
	}
	fputs("      <system-out>", out);
	put_text(out, boot->log.text ? boot->log.text : "", boot->log.length);
	fputs("</system-out>\n    </testcase>\n", out);
}

static void write_report(FILE *out, const char *image, const struct boot *boots, unsigned count,
			 double seconds)
{
	const char *base = strrchr(image, '/') ? strrchr(image, '/') + 1 : image;
	char suite[256], stamp[32];
	unsigned failures = 0, errors = 0, i;
	time_t now = time(0);

	for (i = 0; i < count; i++) {
		failures += boots[i].outcome == OUTCOME_FAILED;
		errors += boots[i].outcome == OUTCOME_ERROR;
	}
	snprintf(suite, sizeof(suite), "ghostboot test %s", base);
	strftime(stamp, sizeof(stamp), "%Y-%m-%dT%H:%M:%S", localtime(&now));
	fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", out);
	fprintf(out, "<testsuites tests=\"%u\" failures=\"%u\" errors=\"%u\" time=\"%.3f\">\n",
		count, failures, errors, seconds);
	fputs("  <testsuite name=\"", out);
	put_string(out, suite);
	fprintf(out, "\" tests=\"%u\" failures=\"%u\" errors=\"%u\" skipped=\"0\" time=\"%.3f\" "
		     "timestamp=\"%s\">\n",
		count, failures, errors, seconds, stamp);
	for (i = 0; i < count; i++)
		write_testcase(out, suite, &boots[i]);
	fputs("  </testsuite>\n</testsuites>\n", out);
}

int junit_write(const char *path, const char *image, const struct boot *boots, unsigned count,
		double seconds)
{
	char temporary[PATH_MAX];
	const char *slash = strrchr(path, '/');
	int written = 0;
	FILE *out;
	int fd;

	/* Beside FILE, so that the rename is atomic. */
	if (snprintf(temporary, sizeof(temporary), "%.*s.%s.XXXXXX", slash ? (int)(slash - path + 1) : 0,
		     path, slash ? slash + 1 : path) >= (int)sizeof(temporary))
		return error("the name %s is too long", path);
	fd = mkstemp(temporary);
	if (fd < 0)
		return error("cannot create %s: %s", temporary, strerror(errno));
	cleanup_add_file(temporary);
	/* A report for others to read, as a file made by open() would be. */
	fchmod(fd, 0644);
	out = fdopen(fd, "w");
	if (out) {
		write_report(out, image, boots, count, seconds);
		written = !ferror(out);
		written = fclose(out) == 0 && written;
	} else {
		close(fd);
	}
	if (!written || rename(temporary, path) != 0) {
		error("cannot write %s: %s", path, strerror(errno));
		unlink(temporary);
		cleanup_forget_file(temporary);
		return -1;
	}
	cleanup_forget_file(temporary);
	return 0;
}
