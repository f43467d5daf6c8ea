"""The macOS app bundle metadata and the DMG."""
