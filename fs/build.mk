# fs: filled in by its owner
