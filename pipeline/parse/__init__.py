"""From an edition file to resources: sources (the only code that opens edition files) →
cleaning → segmentation (entries and labelled sections, table-of-contents check) →
``document.parse_document`` (extraction of every entry). Pure after the sources."""
