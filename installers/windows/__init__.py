"""The Windows installer: a per-machine MSI from WiX source."""
