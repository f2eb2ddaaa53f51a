# Host unit tests are build/tests/host/test_*; each directory's build.mk adds
# its own to `test-programs`, and tests/run.sh runs whatever is there.
include tests/config.mk
include tests/link.mk
include tests/bench/build.mk
