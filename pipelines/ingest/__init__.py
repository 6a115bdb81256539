"""Ingest: from a folder of exports to the warehouse's landing tables.

``exports`` knows the export kinds and their header aliases (a file's kind is read from its header
row); ``load`` finds the files, checksums them, transcodes GB18030, reads ``.xlsx`` and lands every
row as text with its file and line.
"""
