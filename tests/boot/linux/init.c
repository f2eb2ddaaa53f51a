/* /init of the initramfs tests/boot/linux.sh boots Debian's kernel with.
 * It checks what the loader handed over, as the kernel saw it:
 *   - the command line: /proc/cmdline holds gbtoken=TOKEN (which the kernel
 *     also passes to init in the environment), echoed for the test to match;
 *   - both initrd files: /payload.bin (first archive) must be the pattern
 *     below, byte for byte, and /second.txt (second archive) its text;
 *   - the memory: MemTotal within 70% to 100% of gbmem=MiB;
 * then reports through port 0xf4 (0x10 pass, 0x11 fail), which ends QEMU.
 * On the host, `init --payload FILE` writes the payload the test packs. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/io.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#define PAYLOAD_SIZE 300007u /* not a multiple of 4: the padding between archives counts */
#define SECOND_TEXT "second initrd archive\n"

static unsigned char pattern(unsigned i)
{
	return (unsigned char)((i * 2654435761u) >> 13);
}

static void report(int pass, const char *why)
{
	if (pass)
		printf("GBINIT PASS\n");
	else
		printf("GBINIT FAIL: %s\n", why);
	fflush(stdout);
	if (ioperm(0xf4, 1, 1) == 0)
		outb(pass ? 0x10 : 0x11, 0xf4);
	printf("GBINIT: port 0xf4 unreachable\n");
	fflush(stdout);
	for (;;)
		pause();
}

static size_t read_file(const char *path, char *buffer, size_t size)
{
	int fd = open(path, O_RDONLY);
	size_t total = 0;
	ssize_t got;
	if (fd < 0)
		return (size_t)-1;
	while (total < size && (got = read(fd, buffer + total, size - total)) > 0)
		total += (size_t)got;
	close(fd);
	return total;
}

static int write_payload(const char *path)
{
	FILE *out = fopen(path, "wb");
	for (unsigned i = 0; out && i < PAYLOAD_SIZE; i++)
		fputc(pattern(i), out);
	return out && fclose(out) == 0 ? 0 : 1;
}

int main(int argc, char **argv)
{
	static char buffer[PAYLOAD_SIZE + 1];
	if (argc == 3 && strcmp(argv[1], "--payload") == 0)
		return write_payload(argv[2]);

	/* A console even where the kernel found no /dev/console to open. */
	mkdir("/dev", 0755);
	mkdir("/proc", 0755);
	if (fcntl(1, F_GETFD) < 0 && mount("devtmpfs", "/dev", "devtmpfs", 0, 0) == 0) {
		int fd = open("/dev/console", O_RDWR);
		dup2(fd, 0), dup2(fd, 1), dup2(fd, 2);
	}
	if (mount("proc", "/proc", "proc", 0, 0) != 0)
		report(0, "cannot mount /proc");

	size_t n = read_file("/proc/cmdline", buffer, 4096);
	if (n == (size_t)-1)
		report(0, "cannot read /proc/cmdline");
	buffer[n] = 0;
	printf("GBINIT cmdline: %s", buffer);
	const char *token = getenv("gbtoken");
	char *at = strstr(buffer, "gbtoken=");
	if (!token || !at || strncmp(at + 8, token, strlen(token)) != 0)
		report(0, "gbtoken= missing from the command line or the environment");
	printf("GBINIT token %s\n", token);

	if (read_file("/payload.bin", buffer, sizeof buffer) != PAYLOAD_SIZE)
		report(0, "/payload.bin missing or of the wrong size");
	for (unsigned i = 0; i < PAYLOAD_SIZE; i++)
		if ((unsigned char)buffer[i] != pattern(i))
			report(0, "/payload.bin differs from its pattern");
	n = read_file("/second.txt", buffer, 100);
	if (n != strlen(SECOND_TEXT) || memcmp(buffer, SECOND_TEXT, n) != 0)
		report(0, "/second.txt (the second initrd) missing or wrong");
	printf("GBINIT both initrd archives intact\n");

	n = read_file("/proc/meminfo", buffer, 4096);
	buffer[n == (size_t)-1 ? 0 : n] = 0;
	unsigned long total_kib = 0, expect_mib = getenv("gbmem") ? strtoul(getenv("gbmem"), 0, 10) : 0;
	at = strstr(buffer, "MemTotal:");
	if (!at || sscanf(at, "MemTotal: %lu", &total_kib) != 1)
		report(0, "no MemTotal in /proc/meminfo");
	printf("GBINIT MemTotal %lu KiB\n", total_kib);
	if (expect_mib && (total_kib > expect_mib * 1024 || total_kib < expect_mib * 1024 / 10 * 7))
		report(0, "MemTotal is not what gbmem= says the machine has");
	report(1, "");
	return 0;
}
