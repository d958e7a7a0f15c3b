"""The knowledge base: curated, sourced content and the rules that choose it.

Pure Python (no Django imports) so it loads fast and tests in milliseconds.
"""

from immunoprep.knowledge.loader import KnowledgeError, get_knowledge_base, load
from immunoprep.knowledge.schema import KnowledgeBase, Profile
from immunoprep.knowledge.suggest import Suggestions, suggest

__all__ = [
    "KnowledgeBase",
    "KnowledgeError",
    "Profile",
    "Suggestions",
    "get_knowledge_base",
    "load",
    "suggest",
]
