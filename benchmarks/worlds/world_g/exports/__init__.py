"""One module per export kind: which rows a weekly drop holds and how the file is dressed."""
