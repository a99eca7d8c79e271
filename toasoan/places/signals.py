from django.dispatch import Signal

# Sent by places_load after the units of a province are stored, so that the apps above
# (articles: the free-text localities of earlier imports) can fold what they hold into
# them, without this app knowing them. Receivers return a count of what they changed.
units_loaded = Signal()
