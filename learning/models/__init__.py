"""The learning spaces: a library of resources, events with registration, and thematic networks
where members ask and share. (The need sheets' maturation path lives with the needs.)"""

from .events import EventIndexPage, EventPage, EventRegistration, time_zone_name, valid_time_zone
from .library import ResourceDocument, ResourceIndexPage, ResourcePage
from .networks import NetworkFollow, NetworkIndexPage, NetworkPage, Post, Reply, Report

__all__ = [
    "EventIndexPage",
    "EventPage",
    "EventRegistration",
    "NetworkFollow",
    "NetworkIndexPage",
    "NetworkPage",
    "Post",
    "Reply",
    "Report",
    "ResourceDocument",
    "ResourceIndexPage",
    "ResourcePage",
    "time_zone_name",
    "valid_time_zone",
]
