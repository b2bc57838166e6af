"""Who may do what with a page: the article rule (news.permissions).

Only editors set what identifies a page or where it shows.
"""

from news.permissions import Roles

PAGES = Roles("agency.publish_page", ("slug", "author", "show_in_menu", "position"))
