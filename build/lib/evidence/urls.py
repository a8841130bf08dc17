"""Routes of evidence, mounted under /evidence/ by config.urls."""

from django.urls import path

from .views import attestations, badges, reviews, submissions

app_name = "evidence"

urlpatterns = [
    path("", submissions.submission_list, name="list"),
    path("new/", submissions.submission_new, name="new"),
    path("<id:pk>/", submissions.submission_detail, name="submission"),
    path("<id:pk>/draft/", submissions.save_draft, name="save_draft"),
    path("<id:pk>/artefacts/", submissions.add_artefact, name="add_artefact"),
    path(
        "<id:pk>/artefacts/<id:artefact_pk>/remove/",
        submissions.remove_artefact,
        name="remove_artefact",
    ),
    path("<id:pk>/submit/", submissions.submit, name="submit"),
    path("<id:pk>/versions/<id:number>/", submissions.version_detail, name="version"),
    path("<id:pk>/attestations/", submissions.request_attestation, name="request_attestation"),
    path("<id:pk>/assign/", submissions.assign, name="assign"),
    path("files/<id:pk>/", submissions.download, name="download"),
    path("review/", reviews.review_queue, name="review_queue"),
    path("review/<id:pk>/", reviews.review, name="review"),
    path("attest/<str:token>/", attestations.attest, name="attest"),
]

# The badge: the participant's own credentials (public pages are in public_urls).
urlpatterns += [path("badges/", badges.my_badges, name="badges")]
