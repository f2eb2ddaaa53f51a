# mkimage: filled in by its owner
