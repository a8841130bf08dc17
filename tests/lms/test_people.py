"""Accounts on any user model: creation, lookup by email, the profile made on demand, and
sign-in by email through the backend (lms.accounts.backends.EmailBackend)."""

import pytest
from django.contrib.auth import authenticate

from lms.models import Profile
from lms.people import (
    create_person,
    person_by_email,
    profile_of,
    school_of,
    update_profile,
)
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def test_a_profile_is_made_on_demand_once():
    user = UserFactory()
    assert not Profile.objects.filter(pk=user.pk).exists()
    assert school_of(user) == ""
    profile = profile_of(user)
    assert profile_of(user) is profile and Profile.objects.filter(pk=user.pk).count() == 1
    assert profile.calendar_key  # the private feed works from the first visit


def test_update_profile_writes_and_refreshes_the_cached_copy(django_assert_num_queries):
    user = UserFactory()
    assert school_of(user) == ""  # "no profile" is now cached on the user object
    update_profile(user, school="Oak Hill")
    assert school_of(user) == "Oak Hill"
    with django_assert_num_queries(1):  # the common case: one UPDATE
        update_profile(user, school="Elm Street")
    assert school_of(user) == "Elm Street"


def test_create_person_normalises_the_address_and_keeps_the_school():
    person = create_person(
        email="  Ana.Diaz@School.Example ", password=None, first_name="Ana", school="Elm"
    )
    assert person.email == "ana.diaz@school.example" and not person.has_usable_password()
    assert person_by_email("ANA.DIAZ@school.example") == person
    assert school_of(person) == "Elm"
    assert person_by_email("") is None and person_by_email("nobody@x.example") is None


def test_email_sign_in_is_case_insensitive_and_refuses_wrong_passwords(rf):
    user = UserFactory(email="pat@school.example")
    request = rf.post("/accounts/login/")
    assert authenticate(request, username="PAT@school.example", password=PASSWORD) == user
    assert authenticate(request, username="pat@school.example", password="wrong") is None
    assert authenticate(request, username="nobody@school.example", password=PASSWORD) is None
    user.is_active = False
    user.save()
    assert authenticate(request, username="pat@school.example", password=PASSWORD) is None


def test_the_signed_in_user_comes_with_their_profile(client, django_assert_num_queries):
    user = UserFactory(school="Oak Hill")
    client.force_login(user)
    from django.contrib.auth import get_user

    request = type("R", (), {"session": client.session})()
    with django_assert_num_queries(1):
        loaded = get_user(request)
        assert school_of(loaded) == "Oak Hill"
