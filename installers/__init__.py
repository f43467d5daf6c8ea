"""Installer builders for Windows (MSI), macOS (app bundle, DMG) and Linux (tarball, .deb)."""
