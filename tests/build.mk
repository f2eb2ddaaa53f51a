# Host unit tests: build/tests/host/test_* run by tests/run.sh.
HOST_TESTS :=
test-programs: $(HOST_TESTS)
