#!/bin/sh
# Packaging: the version, make install and uninstall (every file where
# docs/building.md says), the manual pages rendered by man without a warning,
# bash completion, and the .deb (its contents; installed into and removed
# from a scratch dpkg root).
. tests/lib.sh

make_quietly() { make --no-print-directory -s BUILD="$BUILD" "$@" >"$scratch/make.out" 2>&1; }

# --- the version ----------------------------------------------------------
version=$(scripts/version.sh)
check "--version prints the version scripts/version.sh gives" \
	test "$("$GHOSTBOOT" --version)" = "ghostboot $version"
check "version prints the same" test "$("$GHOSTBOOT" version)" = "ghostboot $version"
check "version rejects arguments" test "$("$GHOSTBOOT" version extra >/dev/null 2>&1; echo $?)" = 2

# --- make install and uninstall ------------------------------------------
root=$scratch/root
expected="bin/ghostboot
include/ghostboot/bootcode.h
include/ghostboot/bootinfo.h
include/ghostboot/export.h
include/ghostboot/isolation.h
include/ghostboot/module.h
include/ghostboot/prelinked.h
share/bash-completion/completions/ghostboot
share/man/man1/ghostboot.1
share/man/man5/ghostboot.cfg.5"
if make_quietly install DESTDIR="$root" PREFIX=/usr/local; then
	got=$(cd "$root/usr/local" && find . -type f | sed 's|^\./||' | LC_ALL=C sort)
	check "make install puts every file under PREFIX where the docs say" \
		test "$got" = "$expected"
	check "the installed command runs" \
		test "$("$root/usr/local/bin/ghostboot" --version)" = "ghostboot $version"
	printf '#include <ghostboot/bootinfo.h>\n#include <ghostboot/module.h>\n#include <ghostboot/export.h>\n#include <ghostboot/prelinked.h>\n#include <ghostboot/bootcode.h>\n#include <ghostboot/isolation.h>\n' >"$scratch/abi.c"
	check "the installed headers compile on their own" \
		quietly gcc -std=c11 -fsyntax-only -ffreestanding -I"$root/usr/local/include" "$scratch/abi.c"
	check "the installed binary mode is 755" test "$(stat -c %a "$root/usr/local/bin/ghostboot")" = 755
	make_quietly uninstall DESTDIR="$root" PREFIX=/usr/local
	check "make uninstall removes every file" test -z "$(find "$root" -type f)"
else
	not_ok "make install: $(tail -n 3 "$scratch/make.out")"
fi

# --- manual pages ----------------------------------------------------------
for page in ghostboot.1 ghostboot.cfg.5; do
	warnings=$(MANWIDTH=80 man -l "$BUILD/man/$page" 2>&1 >/dev/null)
	check "man -l $page renders without a warning" test -z "$warnings"
	check "  ... and names the version" grep -qF "$version" "$BUILD/man/$page"
done
for command in mkimage install uninstall check run test inspect link version; do
	check "ghostboot(1) describes $command" grep -q "^\\\\fB$command\\\\fR" "$BUILD/man/ghostboot.1"
done

# --- bash completion -------------------------------------------------------
complete_words() {
	bash -c '. cli/completion/ghostboot.bash; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _ghostboot; echo "${COMPREPLY[*]}"' _ "$@"
}
check "completion: commands" test "$(complete_words ghostboot mk)" = mkimage
check "completion: --fs values" test "$(complete_words ghostboot mkimage --fs ext)" = "ext2 ext4"
check "completion: options" test "$(complete_words ghostboot install --fo)" = "--force"
check "completion: check" test "$(complete_words ghostboot ch)" = check
check "completion: mkimage --no-check" test "$(complete_words ghostboot mkimage --no)" = "--no-check"

# --- the Debian package ----------------------------------------------------
if make_quietly deb; then
	deb=$(ls "$BUILD"/ghostboot_*.deb)
	got=$(dpkg-deb --contents "$deb" | awk '$1 !~ /^d/ { print $6 }' | sed 's|^\./usr/||' | LC_ALL=C sort)
	want=$(echo "$expected" | sed 's|^share/man/.*|&.gz|' | LC_ALL=C sort)
	check "the .deb holds the files of make install, PREFIX=/usr" test "$got" = "$want"
	check "the .deb's version is the command's" \
		test "$(dpkg-deb --field "$deb" Version)" = "$(echo "$version" | tr - +)"
	# A dpkg database of its own: the package installs and goes again.
	db=$scratch/dpkg
	mkdir -p "$db/var/lib/dpkg/info" "$db/var/lib/dpkg/updates"
	: >"$db/var/lib/dpkg/status"
	: >"$db/var/lib/dpkg/available"
	dpkg_root() { dpkg --root="$db" --log=/dev/null --force-depends --force-script-chrootless "$@"; }
	if dpkg_root -i "$deb" >"$scratch/dpkg.out" 2>&1; then
		ok "dpkg -i installs the .deb"
		check "  ... the command is in /usr/bin" test -x "$db/usr/bin/ghostboot"
		check "  ... dpkg lists it" quietly dpkg --root="$db" -s ghostboot
		if dpkg_root -r ghostboot >"$scratch/dpkg.out" 2>&1; then
			check "dpkg -r removes every file" test -z "$(find "$db/usr" -type f 2>/dev/null)"
		else
			not_ok "dpkg -r: $(tail -n 3 "$scratch/dpkg.out")"
		fi
	else
		not_ok "dpkg -i: $(tail -n 3 "$scratch/dpkg.out")"
	fi
else
	not_ok "make deb: $(tail -n 3 "$scratch/make.out")"
fi
finish
