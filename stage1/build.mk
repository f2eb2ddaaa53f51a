# stage1: filled in by its owner
