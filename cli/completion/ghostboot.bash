# bash completion for ghostboot(1): commands, their options, the values of
# options that take a fixed set, and file names everywhere else.
_ghostboot()
{
	local cur prev command options firmwares
	cur=${COMP_WORDS[COMP_CWORD]}
	prev=${COMP_WORDS[COMP_CWORD - 1]}

	if [ "$COMP_CWORD" -eq 1 ]; then
		COMPREPLY=($(compgen -W "mkimage install uninstall check run test inspect link version --help --version" -- "$cur"))
		return
	fi
	command=${COMP_WORDS[1]}
	case $prev in
	--fs) COMPREPLY=($(compgen -W "fat12 fat16 fat32 ext2 ext4" -- "$cur")); return ;;
	--table) COMPREPLY=($(compgen -W "mbr gpt none" -- "$cur")); return ;;
	--disk) COMPREPLY=($(compgen -W "ide ahci virtio floppy" -- "$cur")); return ;;
	--machine) COMPREPLY=($(compgen -W "pc q35 isapc" -- "$cur")); return ;;
	--firmware)
		firmwares="bios uefi"
		[[ $command == mkimage ]] && firmwares="bios uefi both"
		COMPREPLY=($(compgen -W "$firmwares" -- "$cur"))
		return
		;;
	--size | --cmdline | --timeout | --expect | --partition) return ;;
	esac
	case $command in
	mkimage) options="-o --output --recipe --size --fs --table --firmware --kernel --module --linux --initrd --cmdline --config --add --no-check --progress --help" ;;
	install) options="--firmware --partition --force --verify --progress --help" ;;
	run) options="--firmware --machine --disk --gdb --pass --fail --success-code --exit-port --cmdline --memory --smp --cpu --qemu --qemu-arg --help" ;;
	test) options="--timeout --expect --pass --fail --success-code --exit-port --firmware --machine --disk -j --jobs --log --junit --quiet --tail --cmdline --memory --smp --cpu --qemu --qemu-arg --help" ;;
	inspect) options="--kernel --help" ;;
	link) options="--kernel --module --isolated -o --output --help" ;;
	*) options="--help" ;;
	esac
	if [[ $cur == -* ]]; then
		COMPREPLY=($(compgen -W "$options" -- "$cur"))
	else
		COMPREPLY=($(compgen -f -- "$cur"))
	fi
}
complete -o filenames -F _ghostboot ghostboot
