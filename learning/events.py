"""Registering for events: places, the waiting list, the confirmation with its calendar file,
and the reminder the day before (`manage.py send_event_reminders`, hourly by cron)."""

import logging
from datetime import timedelta

import icalendar
from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation

from core.i18n import localized
from core.mail import preferred_language, send_to_user

from .models import EventPage, EventRegistration

logger = logging.getLogger(__name__)
Status = EventRegistration.Status
REMIND_WITHIN = timedelta(hours=24)


def calendar_file(event, for_member=False):
    """The event as an iCalendar (RFC 5545) file; the connection link only for members."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//CDS//Communauté de Développement Solidaire//FR")
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    entry = icalendar.Event()
    entry.add("uid", f"event-{event.translation_key}@{settings.SITE_URL.split('://')[-1]}")
    entry.add("dtstamp", timezone.now())
    entry.add("dtstart", event.starts_at)  # aware datetimes in UTC: every calendar converts them
    entry.add("dtend", event.ends_at)
    entry.add("summary", event.title)
    entry.add("description", event.summary)
    url = settings.SITE_URL + event.url
    entry.add("url", url)
    if event.kind == EventPage.Kind.ONLINE:
        entry.add("location", event.online_url if for_member else url)
    else:
        entry.add("location", event.place)
    calendar.add_component(entry)
    return calendar.to_ical()


def _send(registration, template):
    user = registration.user
    with translation.override(preferred_language(user)):
        event = localized([registration.event])[0]
        attachment = ("evenement.ics", calendar_file(event, for_member=True), "text/calendar")
        send_to_user(
            user,
            template,
            {"event": event, "event_url": settings.SITE_URL + event.url, "registration": registration},
            attachments=[attachment] if registration.status == Status.REGISTERED else [],
        )


def register(event, user):
    """Give `user` a place, or a place on the waiting list when the event is full. Returns the
    registration; emails the confirmation (with the .ics file) or the waiting-list notice."""
    event = event.source
    with transaction.atomic():
        # One registration at a time per event: two members cannot take the last place.
        EventPage.objects.select_for_update().filter(pk=event.pk).first()
        registration = EventRegistration.objects.filter(event=event, user=user).first()
        if registration and registration.status != Status.CANCELLED:
            return registration
        taken = EventRegistration.objects.filter(event=event, status=Status.REGISTERED).count()
        status = Status.REGISTERED if taken < event.capacity else Status.WAITING
        now = timezone.now()
        if registration is None:
            registration = EventRegistration(event=event, user=user, created_at=now)
        registration.status, registration.changed_at, registration.reminded_at = status, now, None
        registration.save()
    _send(registration, "event_registered" if status == Status.REGISTERED else "event_waiting")
    return registration


def cancel(event, user):
    """Cancel `user`'s registration; the first person waiting takes the freed place and is told."""
    event = event.source
    promoted = None
    with transaction.atomic():
        EventPage.objects.select_for_update().filter(pk=event.pk).first()
        registration = EventRegistration.objects.filter(event=event, user=user).exclude(status=Status.CANCELLED).first()
        if registration is None:
            return None
        freed = registration.status == Status.REGISTERED
        registration.status, registration.changed_at = Status.CANCELLED, timezone.now()
        registration.save(update_fields=["status", "changed_at"])
        if freed:
            promoted = (
                EventRegistration.objects.filter(event=event, status=Status.WAITING)
                .order_by("changed_at", "id")
                .first()
            )
            if promoted is not None:
                promoted.status, promoted.changed_at = Status.REGISTERED, timezone.now()
                promoted.save(update_fields=["status", "changed_at"])
    if promoted is not None:
        _send(promoted, "event_promoted")
    return registration


def send_reminders(now=None):
    """Remind everyone registered for an event starting within the next 24 hours, once.
    Returns the number of reminders sent."""
    now = now or timezone.now()
    due = (
        EventRegistration.objects.filter(
            status=Status.REGISTERED,
            reminded_at__isnull=True,
            event__starts_at__gt=now,
            event__starts_at__lte=now + REMIND_WITHIN,
            event__live=True,
        )
        .select_related("event", "user")
        .order_by("id")
    )
    sent = 0
    for registration in due:
        try:
            _send(registration, "event_reminder")
        except Exception:
            logger.exception("Reminder for registration %s failed", registration.pk)
            continue
        registration.reminded_at = now
        registration.save(update_fields=["reminded_at"])
        sent += 1
    return sent
