# config: the configuration parser and the SHA-256 its pins are checked with
# (docs/configuration.md), with its block function for the CPU's SHA
# extensions (sha256_ni.c). Portable C: stage 2 and the host build them.
CONFIG_SOURCES := config/config.c config/sha256.c config/sha256_ni.c
