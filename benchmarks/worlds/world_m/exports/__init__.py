"""Writing the merchant's export files: formats, encodings, layouts and their damage."""
