"""The public site: records → Markdown pages, data files and feeds in the build folder."""
