# docs: the manual pages, ghostboot(1) and ghostboot.cfg(5), written in
# scdoc (docs/man/*.scd) and built into build/man/ with the version filled in.
SCDOC := scdoc
MAN_SOURCES := docs/man/ghostboot.1.scd docs/man/ghostboot.cfg.5.scd
MAN_PAGES := $(MAN_SOURCES:docs/man/%.scd=$(BUILD)/man/%)

$(BUILD)/man/%: docs/man/%.scd $(BUILD)/version.txt
	@mkdir -p $(@D)
	sed 's/@VERSION@/$(GHOSTBOOT_VERSION)/' $< | $(SCDOC) >$@

all: $(MAN_PAGES)
