from django.dispatch import Signal

# A video changed after commit: processed, captioned, retitled, its poster chosen. The
# articles that play it follow: their pages and the lists showing their cards are
# purged, and with ``text`` (title, description, captions) search reindexes them.
# kwargs: media_id, text
media_changed = Signal()
