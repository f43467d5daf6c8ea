"""Keys, signatures, certificates, key storage and sealing."""
