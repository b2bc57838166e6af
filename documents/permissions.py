"""Who may do what with a document: the article rule (news.permissions).

Only editors set what identifies a document and whether component sites show it.
"""

from news.permissions import Roles

DOCUMENTS = Roles(
    "documents.publish_document", ("slug", "legacy_id", "author", "shared_with_components")
)
