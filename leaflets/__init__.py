"""leaflets: printable, paginated PDF patient leaflets from YAML content and layouts."""

__version__ = "0.1.0"
