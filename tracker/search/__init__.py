"""One search box over households, events and feedback, through the normalized keys."""
