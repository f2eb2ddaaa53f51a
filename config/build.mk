# config: the configuration parser and the SHA-256 its pins are checked with
# (docs/configuration.md). Portable C: stage 2 and the host build them.
CONFIG_SOURCES := config/config.c config/sha256.c
