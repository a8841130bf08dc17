"""What the programme keeps about a person, beside whatever user model the host site uses."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .accounts import new_calendar_key


class Profile(models.Model):
    """The LMS's per-person fields, one-to-one with ``settings.AUTH_USER_MODEL``.

    Created on demand (:func:`lms.people.profile_of`): a host's existing accounts need no row
    until the programme has something to keep about them. The primary key is the user's, so
    ``Profile.objects.filter(pk=user.pk)`` needs no join.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="launch_profile",
        verbose_name=_("person"),
    )
    school = models.CharField(_("school or organisation"), max_length=200, blank=True)
    last_activity_at = models.DateTimeField(null=True, blank=True, editable=False)
    # The secret in the person's private calendar feed URL (changed on request). Empty for
    # people enrolled in bulk until they first open their calendar page.
    calendar_key = models.CharField(
        max_length=43, unique=True, null=True, blank=True, default=new_calendar_key
    )
    # The cohort the person works in as a participant, chosen by them (set when they accept
    # their first invitation, changed from their dashboard). Never changed by anyone else:
    # a new enrolment does not make itself current (see lms.selectors.participant_enrolment_for).
    current_cohort = models.ForeignKey(
        "lms.Cohort",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("current cohort"),
    )

    class Meta:
        verbose_name = _("LMS profile")
        verbose_name_plural = _("LMS profiles")

    def __str__(self) -> str:
        return str(self.user)
