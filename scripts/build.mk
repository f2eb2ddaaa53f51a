# Installing ghostboot (docs/building.md, "Installing"): `make install`
# and `make uninstall` with PREFIX and DESTDIR as usual, and `make deb`, a
# Debian package of the same files built with dpkg-deb.
PREFIX := /usr/local
DESTDIR :=
COMPLETION := cli/completion/ghostboot.bash
ABI_HEADERS := $(wildcard include/ghostboot/*.h)

# The files installed, relative to PREFIX.
INSTALLED := bin/ghostboot share/man/man1/ghostboot.1 share/man/man5/ghostboot.cfg.5 \
	share/bash-completion/completions/ghostboot $(ABI_HEADERS:include/%=include/%)

# install_into ROOT: every file under ROOT (DESTDIR and PREFIX together).
define install_into
	install -d $(1)/bin $(1)/share/man/man1 $(1)/share/man/man5 \
		$(1)/share/bash-completion/completions $(1)/include/ghostboot
	install -m 755 $(BUILD)/ghostboot $(1)/bin/ghostboot
	install -m 644 $(BUILD)/man/ghostboot.1 $(1)/share/man/man1/ghostboot.1
	install -m 644 $(BUILD)/man/ghostboot.cfg.5 $(1)/share/man/man5/ghostboot.cfg.5
	install -m 644 $(COMPLETION) $(1)/share/bash-completion/completions/ghostboot
	install -m 644 $(ABI_HEADERS) $(1)/include/ghostboot/
endef

.PHONY: install uninstall deb
install: $(BUILD)/ghostboot $(MAN_PAGES)
	$(call install_into,$(DESTDIR)$(PREFIX))

uninstall:
	rm -f $(addprefix $(DESTDIR)$(PREFIX)/,$(INSTALLED))
	-rmdir $(DESTDIR)$(PREFIX)/include/ghostboot 2>/dev/null

# The package: the files of `make install PREFIX=/usr`, the manual pages
# compressed as Debian wants them, no maintainer scripts.
DEB_VERSION := $(subst -,+,$(GHOSTBOOT_VERSION))
DEB_ARCH := $(shell dpkg --print-architecture 2>/dev/null || echo amd64)
DEB := $(BUILD)/ghostboot_$(DEB_VERSION)_$(DEB_ARCH).deb
DEB_ROOT := $(BUILD)/deb

deb: $(DEB)
$(DEB): $(BUILD)/ghostboot $(MAN_PAGES) $(COMPLETION) $(ABI_HEADERS)
	rm -rf $(DEB_ROOT) $(BUILD)/*.deb
	$(call install_into,$(DEB_ROOT)/usr)
	gzip -9n $(DEB_ROOT)/usr/share/man/man1/ghostboot.1 $(DEB_ROOT)/usr/share/man/man5/ghostboot.cfg.5
	install -d $(DEB_ROOT)/DEBIAN
	printf '%s\n' 'Package: ghostboot' 'Version: $(DEB_VERSION)' 'Architecture: $(DEB_ARCH)' \
		'Maintainer: ghostboot developers <ghostboot@localhost>' \
		'Installed-Size: '"$$(du -sk --exclude=DEBIAN $(DEB_ROOT) | cut -f1)" \
		'Depends: libc6, fdisk, dosfstools, mtools, e2fsprogs' \
		'Recommends: qemu-system-x86' 'Section: admin' 'Priority: optional' \
		'Description: x86 BIOS boot loader and disk-image toolkit' \
		' Builds bootable disk images without root, installs a two-stage BIOS boot' \
		' loader for ELF64 kernels with modules linked at boot, and boot-tests' \
		' images in QEMU.' >$(DEB_ROOT)/DEBIAN/control
	dpkg-deb --root-owner-group --build $(DEB_ROOT) $@ >/dev/null
	@echo "package: $@"
