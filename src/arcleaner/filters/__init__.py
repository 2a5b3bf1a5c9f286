"""Built-in filters: each marks boilerplate lines (or spans) with a reason."""

from .chrome import DropSiteChrome
from .context import DropByContext
from .repeated import DropRepeatedLines
from .subscription import DropSubscriptionPrompts

__all__ = ["DropByContext", "DropRepeatedLines", "DropSiteChrome", "DropSubscriptionPrompts"]
