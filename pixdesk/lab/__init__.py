"""The LAN link between the console and the stations (Qt-free)."""
