"""The Linux tarball and Debian package."""
