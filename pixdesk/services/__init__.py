"""Use cases orchestrating the layers below; synchronous and Qt-free."""
