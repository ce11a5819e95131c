"""Every rule family; importing this package fills the registry."""
from siamlint.rules import branches, core, dtypes, losses, pretrained, shapes  # noqa: F401
