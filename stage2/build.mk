# stage2: filled in by its owner
