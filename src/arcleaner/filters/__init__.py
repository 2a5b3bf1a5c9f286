"""Built-in filters: each marks boilerplate lines (or spans) with a reason."""

from .repeated import DropRepeatedLines
from .subscription import DropSubscriptionPrompts

__all__ = ["DropRepeatedLines", "DropSubscriptionPrompts"]
