"""Every rule family; importing this package fills the registry."""
from siamlint.rules import core  # noqa: F401
