"""The screening terminal UI: the Textual app, its modals, rendering and plain mode."""
