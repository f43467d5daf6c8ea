"""Session bundles: write, read, verify, seal and open."""
