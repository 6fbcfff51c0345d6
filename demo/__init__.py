"""The offline demo: the whole product against a local Bot API emulator on a fast clock."""
