from django.dispatch import Signal

# A video's words changed (title, description, captions): the articles that play it are
# searched by them (articles listens and reindexes those). kwargs: media_id
media_text_changed = Signal()
