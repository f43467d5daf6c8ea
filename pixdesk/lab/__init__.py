"""The LAN link between the console and the stations (Qt-free; docs/lab-protocol.md).

Entry points: ``hub.Hub`` (the console), ``client.StationClient`` (a station),
``loop_thread.LabThread`` (the asyncio thread both run in), ``discovery`` and ``address``
(finding the console), ``tls`` (the console's certificate), ``commands.Command`` (what the
invigilator asks a station to do).
"""
