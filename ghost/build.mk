# ghost: the module linker; filled in by its owner
