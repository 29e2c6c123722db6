"""Every email goes through a job queue (django-tasks, its database backend).

`QueuedEmailBackend` is Django's EMAIL_BACKEND: sending a message writes it to the outbox
(`OutgoingEmail`) and enqueues its delivery, both in the caller's transaction. A user's action
and the messages it causes are saved together or not at all, and nothing is sent before the
transaction commits (the worker only sees committed jobs). The worker (`manage.py db_worker
--queue-name mail`) delivers through `OUTBOX_DELIVERY_BACKEND` (SMTP in production); a
failure is retried with growing delays (`RETRY_DELAYS`), then the message is marked failed,
where the community manager sees it in the admin (*Messages sortants*) and can send it again.
"""

import base64
import datetime
import logging

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction
from django.utils import timezone
from django_tasks import task, task_backends

from .models import OutgoingEmail

logger = logging.getLogger(__name__)

QUEUE = "mail"
# Minutes before each new attempt; after the last, the message is marked failed.
RETRY_DELAYS = (1, 5, 15, 60, 180, 360, 720)


def serialise(message):
    attachments = []
    for attachment in message.attachments:
        filename, content, mimetype = attachment
        if isinstance(content, str):
            content = content.encode()
        attachments.append([filename, base64.b64encode(content).decode(), mimetype])
    return {
        "body": message.body,
        "from_email": message.from_email,
        "to": list(message.to),
        "cc": list(message.cc),
        "bcc": list(message.bcc),
        "reply_to": list(message.reply_to),
        "headers": dict(message.extra_headers),
        "alternatives": [[content, mimetype] for content, mimetype in getattr(message, "alternatives", [])],
        "attachments": attachments,
    }


def rebuild(outgoing):
    data = outgoing.message
    message = EmailMultiAlternatives(
        subject=outgoing.subject,
        body=data["body"],
        from_email=data["from_email"],
        to=data["to"],
        cc=data["cc"],
        bcc=data["bcc"],
        reply_to=data["reply_to"],
        headers=data["headers"],
    )
    for content, mimetype in data["alternatives"]:
        message.attach_alternative(content, mimetype)
    for filename, content, mimetype in data["attachments"]:
        message.attach(filename, base64.b64decode(content), mimetype)
    return message


class QueuedEmailBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        with transaction.atomic():
            for message in email_messages:
                queue(message)
        return len(email_messages)


def queue(message):
    outgoing = OutgoingEmail.objects.create(
        subject=str(message.subject)[:998],
        recipients=", ".join(message.recipients()),
        message=serialise(message),
    )
    deliver.enqueue(outgoing.pk)
    return outgoing


def schedule_retry(outgoing):
    backend = task_backends[deliver.backend]
    if not backend.supports_defer:
        return  # the immediate backend (tests): the next `resend` or worker run picks it up
    deliver.using(run_after=outgoing.next_attempt_at).enqueue(outgoing.pk)


@task(queue_name=QUEUE, backend="mail")
def deliver(outgoing_id):
    """Send one queued message; on failure, plan the next attempt or mark it failed."""
    with transaction.atomic():
        outgoing = OutgoingEmail.objects.select_for_update().filter(pk=outgoing_id).first()
        if outgoing is None or outgoing.status == OutgoingEmail.Status.SENT:
            return "nothing to send"
        outgoing.attempts += 1
        try:
            connection = get_connection(settings.OUTBOX_DELIVERY_BACKEND, fail_silently=False)
            connection.send_messages([rebuild(outgoing)])
        except Exception as error:  # any failure of the mail server or the network is retried
            outgoing.last_error = f"{type(error).__name__}: {error}"[:300]
            if outgoing.attempts > len(RETRY_DELAYS):
                outgoing.status = OutgoingEmail.Status.FAILED
                outgoing.next_attempt_at = None
                logger.error(
                    "Email %s failed after %s attempts (%s)", outgoing.pk, outgoing.attempts, type(error).__name__
                )
            else:
                outgoing.status = OutgoingEmail.Status.RETRYING
                delay = datetime.timedelta(minutes=RETRY_DELAYS[outgoing.attempts - 1])
                outgoing.next_attempt_at = timezone.now() + delay
                logger.warning("Email %s not sent (%s): next attempt in %s", outgoing.pk, type(error).__name__, delay)
            outgoing.save()
            if outgoing.status == OutgoingEmail.Status.RETRYING:
                schedule_retry(outgoing)  # in the same transaction as the attempt's record
            return outgoing.status
        outgoing.status = OutgoingEmail.Status.SENT
        outgoing.sent_at = timezone.now()
        outgoing.next_attempt_at = None
        outgoing.last_error = ""
        outgoing.message = {}  # delivered: what it said (a reset link) is not kept
        outgoing.save()
        return outgoing.status


def resend(outgoing):
    """The community manager sends a failed (or waiting) message again, now."""
    if outgoing.status == OutgoingEmail.Status.SENT:
        return False
    outgoing.status = OutgoingEmail.Status.QUEUED
    outgoing.attempts = 0
    outgoing.next_attempt_at = None
    outgoing.save(update_fields=["status", "attempts", "next_attempt_at"])
    deliver.enqueue(outgoing.pk)
    return True
