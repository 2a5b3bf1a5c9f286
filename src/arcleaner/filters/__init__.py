"""Built-in filters: each marks boilerplate lines (or spans) with a reason."""

from .chrome import DropSiteChrome
from .context import DropByContext
from .corpus import DropCorpusRepeats
from .repeated import DropRepeatedLines
from .spans import DropGluedBoilerplate
from .subscription import DropSubscriptionPrompts

__all__ = [
    "DropByContext",
    "DropCorpusRepeats",
    "DropGluedBoilerplate",
    "DropRepeatedLines",
    "DropSiteChrome",
    "DropSubscriptionPrompts",
]
