/* The system configuration file (docs/configuration.md). Portable: stage 2
 * parses it at boot, the CLI and the tests on the host. The parser never
 * allocates: it cuts the text in place and points into it. */
#ifndef GHOSTBOOT_CONFIG_CONFIG_H
#define GHOSTBOOT_CONFIG_CONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define CONFIG_MAX_ENTRIES 16
#define CONFIG_MAX_MODULES 128 /* module, modules, file and program lines of all entries */
#define CONFIG_SHA256_SIZE 32
#define CONFIG_LINE_MAX 1024 /* bytes of a line, comment included, line ending not */
#define CONFIG_MAX_INITRDS 32 /* `initrd` paths over all entries together */
#define CONFIG_RESTART_MAX 100 /* `restart N`: restarts of one module a boot */

/* A file the configuration names: a kernel, a module, a module list, or a
 * raw file. */
struct config_file {
	const char *path;
	/* `module PATH -- STRING`: the module's string for Multiboot; without
	 * `--` the path itself. 0 for kernels and lists. */
	const char *string;
	uint8_t optional;   /* module or file: skip with a warning when it fails */
	uint8_t isolated;   /* module: linked to run in ring 3 (docs/isolation.md) */
	uint8_t is_list;    /* `modules`: a file naming one module a line */
	uint8_t is_raw;     /* `file`: raw bytes handed over as they are */
	uint8_t is_program; /* `program`: linked by ghost symbols, run in ring 3 */
	uint8_t has_sha256; /* `sha256=HEX` pinned the file's contents */
	uint8_t sha256[CONFIG_SHA256_SIZE];
};

/* `chainload partition N | disk N | PATH [nosignature]`: a boot sector
 * started at 0000:7C00 instead of a kernel. */
enum config_chainload_kind {
	CONFIG_CHAINLOAD_NONE,
	CONFIG_CHAINLOAD_PARTITION, /* sector 0 of partition N of the boot disk */
	CONFIG_CHAINLOAD_DISK,      /* sector 0 of BIOS drive 0x80 + N */
	CONFIG_CHAINLOAD_FILE,      /* the first 512 bytes of a file on the boot volume */
};
struct config_chainload {
	enum config_chainload_kind kind;
	uint32_t number;          /* the partition or the disk */
	struct config_file file;  /* CONFIG_CHAINLOAD_FILE */
	uint8_t nosignature;      /* accept a sector without 0x55AA */
};

/* `protocol NAME`: how the entry's kernel is loaded and entered. */
enum config_protocol {
	CONFIG_PROTOCOL_GHOSTBOOT, /* the default: ELF64, struct gb_bootinfo */
	CONFIG_PROTOCOL_MULTIBOOT1,
	CONFIG_PROTOCOL_MULTIBOOT2,
	CONFIG_PROTOCOL_LINUX,
	CONFIG_PROTOCOL_CHAINLOAD,
	CONFIG_PROTOCOL_COUNT
};

/* The protocol's name as the configuration writes it. */
const char *config_protocol_name(enum config_protocol protocol);

/* `video WIDTHxHEIGHTxBPP` or `video text`. */
enum config_video_kind { CONFIG_VIDEO_NONE, CONFIG_VIDEO_TEXT, CONFIG_VIDEO_MODE };
struct config_video {
	enum config_video_kind kind; /* NONE: the entry has no `video` line */
	uint32_t width, height, bpp; /* for CONFIG_VIDEO_MODE */
};

/* `isolation none|all`: how the entry's modules are linked, whatever their
 * lines say (docs/isolation.md). */
enum config_isolation {
	CONFIG_ISOLATION_AS_LISTED, /* no `isolation` line: `isolated` modules only */
	CONFIG_ISOLATION_NONE,      /* every module in the kernel's privilege */
	CONFIG_ISOLATION_ALL,       /* every module isolated */
};

struct config_entry {
	const char *name;
	const char *title;   /* the entry's second word, else its name */
	const char *cmdline; /* "" when the entry has none */
	struct config_file kernel; /* path is 0 when the entry names no kernel */
	enum config_protocol protocol;
	struct config_video video;
	enum config_isolation isolation;
	/* `module`, `modules`, `file` and `program` lines, in the order of the file */
	unsigned first_module; /* index into config.modules */
	unsigned module_count;
	unsigned first_initrd;     /* index into config.initrds: `initrd` paths, in order */
	unsigned initrd_count;
	struct config_chainload chainload;
	uint32_t restart_limit; /* `restart N`: how often the kernel may restart a faulting module */
};

/* `disk bios` keeps stage 2 on INT 13h; `disk native`, the default, lets it
 * use a native driver for the boot disk (docs/stage2.md). */
enum config_disk { CONFIG_DISK_UNSET, CONFIG_DISK_NATIVE, CONFIG_DISK_BIOS };

struct config {
	unsigned timeout_seconds;
	const char *default_entry; /* 0: the first entry */
	uint32_t serial_baud;      /* 0: no `serial` line */
	enum config_disk disk;     /* `disk bios|native`; unset: native */
	unsigned entry_count;
	struct config_entry entries[CONFIG_MAX_ENTRIES];
	unsigned module_count;
	struct config_file modules[CONFIG_MAX_MODULES];
	unsigned initrd_count;
	struct config_file initrds[CONFIG_MAX_INITRDS];
};

struct config_error {
	unsigned line; /* 1-based */
	const char *message; /* static text: "unknown keyword", "unterminated quote" */
	const char *subject; /* the word at fault when the message names one, else 0 */
};

/* Parses `length` bytes of `text` (modified in place, which must stay alive
 * as long as `config`). Returns 0, or -1 with `error` filled. */
int config_parse(char *text, size_t length, struct config *config, struct config_error *error);

/* The entry `default` names, else the first; 0 when there is none. */
const struct config_entry *config_default_entry(const struct config *config);

/* Parses a module list file: one module path a line, each optionally
 * followed by `optional`, `isolated` and `sha256=HEX`; `#` comments and
 * blank lines.
 * Appends to `modules[*count]` up to `max` entries. Returns 0 or -1. */
int config_parse_module_list(char *text, size_t length, struct config_file *modules,
			     unsigned max, unsigned *count, struct config_error *error);

/* Whether module `ref` of `entry` is linked isolated: the entry's
 * `isolation none|all` decides for every module, else the module's line. */
bool config_module_isolated(const struct config_entry *entry, const struct config_file *ref);

#endif
